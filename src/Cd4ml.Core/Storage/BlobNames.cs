using System.Text.RegularExpressions;

namespace Cd4ml.Core.Storage;

/// <summary>
/// Validates blob names that come from outside (trigger paths, API routes, CLI arguments) before any
/// storage call, so a crafted name can never reach another pipeline's data.
/// </summary>
public static partial class BlobNames
{
    public const int MaxLength = 1024;

    [GeneratedRegex(@"%(25)*2e|%(25)*2f|%(25)*5c", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedTraversal();

    /// <summary>Returns null when the name is safe, otherwise why it is not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the blob name is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"the blob name is longer than {MaxLength} characters";
        }

        if (name.Any(char.IsControl))
        {
            return "the blob name contains control characters";
        }

        if (name.StartsWith('/') || name.Contains('\\') || name.Contains(':'))
        {
            return "the blob name must be a relative path without '\\' or ':'";
        }

        if (EncodedTraversal().IsMatch(name) || name.Contains(';') || name.Contains('?') || name.Contains('#'))
        {
            return "the blob name contains encoded path characters or ';', '?', '#'";
        }

        if (name.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return "the blob name has an empty, '.' or '..' path segment";
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the problem when the name is unsafe.</summary>
    public static string Require(string? name, string what)
    {
        var problem = Problem(name);
        return problem is null ? name! : throw new ArgumentException($"{what} '{Printable(name)}' is rejected: {problem}.");
    }

    private static string Printable(string? name) =>
        name is null ? "" : new string(name.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
