using System.Text.RegularExpressions;

namespace Cd4ml.Core.Specs;

/// <summary>Pipeline names become blob path prefixes and instance ids, so they are kept to a safe alphabet.</summary>
public static partial class PipelineNames
{
    // \z, not $: in .NET, $ also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "a pipeline name is 1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit";
}
