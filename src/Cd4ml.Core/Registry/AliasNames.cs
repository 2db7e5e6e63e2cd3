using System.Text.RegularExpressions;

namespace Cd4ml.Core.Registry;

/// <summary>
/// Alias names become blob names (<c>aliases/{alias}.json</c>), route segments and CloudEvent subjects, so they are
/// kept to a small alphabet that needs no escaping anywhere.
/// </summary>
public static partial class AliasNames
{
    public const string Rule = "an alias name is 1-32 characters of a-z, 0-9 and '-', starting with a letter (e.g. champion, staging)";

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,31}\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? alias) => alias is not null && Pattern().IsMatch(alias);

    /// <summary>Returns the alias, or throws <see cref="ArgumentException"/> saying what a valid one looks like.</summary>
    public static string Require(string? alias) =>
        IsValid(alias) ? alias! : throw new ArgumentException($"'{Printable(alias)}' is not an alias name: {Rule}.", nameof(alias));

    private static string Printable(string? value) =>
        value is null ? "" : new string(value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
