using System.Text.RegularExpressions;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>
/// Git commit ids as pushes carry them: 40 hexadecimal characters (SHA-1 object names). Checked when a payload is read,
/// before an id can reach a run id, a blob name or a URL.
/// </summary>
public static partial class CommitIds
{
    public const string Rule = "a commit id is 40 hexadecimal characters";

    public static bool IsValid(string? commit) => commit is not null && Pattern().IsMatch(commit);

    /// <summary>The id in lower case, or an <see cref="InvalidDataException"/> naming the JSON path.</summary>
    public static string Require(string commit, string path) =>
        IsValid(commit) ? commit.ToLowerInvariant() : throw new InvalidDataException($"{path} is '{Shorten(commit)}', but {Rule}");

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Pattern();
}
