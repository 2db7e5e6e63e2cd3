using System.Text;
using Cd4ml.Pipeline.Hosting;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>HTTP basic authentication as Azure DevOps service hooks send it, compared in constant time.</summary>
public static class BasicCredentials
{
    /// <summary>True only when both are configured and both match; an unconfigured user or password refuses every call.</summary>
    public static bool Match(string? authorization, string? user, string? password)
    {
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)
            || authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        // Both compared every time (non-short-circuit &), so timing does not tell a right user from a right password.
        return SecretSettings.FixedTimeEquals(decoded[..colon], user) & SecretSettings.FixedTimeEquals(decoded[(colon + 1)..], password);
    }
}
