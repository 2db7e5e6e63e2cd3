namespace Cd4ml.Cli.Hosting;

/// <summary>Which of serve's <c>--urls</c> reach beyond this machine.</summary>
public static class ServeBinding
{
    /// <summary>
    /// The first URL that listens beyond loopback (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, <c>[::]</c>, a LAN address, a
    /// host name other than <c>localhost</c>), or null when every one is loopback only.
    /// </summary>
    public static string? FirstBeyondLoopback(IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls)
        {
            // Kestrel's wildcards are not valid URI hosts; anything unparsable is taken as exposed.
            var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
            var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
            var authority = rest.Split('/')[0];
            var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']', StringComparison.Ordinal) + 1)] : authority.Split(':')[0];
            // Kestrel binds every interface for any name but "localhost" (even "x.localhost").
            var name = host.Trim('[', ']');
            var loopback = string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(name, out var address) && System.Net.IPAddress.IsLoopback(address));
            if (!loopback)
            {
                return url;
            }
        }

        return null;
    }
}
