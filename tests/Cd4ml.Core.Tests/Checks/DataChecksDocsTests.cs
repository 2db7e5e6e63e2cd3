using System.Globalization;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>docs/data-checks.md states the catalog's defaults; a default changed in code without the docs fails here.</summary>
public sealed class DataChecksDocsTests
{
    private static readonly string[] s_docs = File.ReadAllLines(RepoRoot.Combine("docs", "data-checks.md"));

    public static TheoryData<string> Names => [.. DataChecks.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Defaults_table_row_matches_the_catalog(string name)
    {
        var definition = DataChecks.Find(name)!;
        var row = s_docs.SingleOrDefault(l => l.StartsWith($"| `{name}` |", StringComparison.Ordinal));
        Assert.True(row is not null, $"docs/data-checks.md has no table row for '{name}'");

        var cells = row.Split('|', StringSplitOptions.TrimEntries)[1..^1];

        Assert.Equal(definition.Warn, Threshold(cells[2]));
        Assert.Equal(definition.Fail, Threshold(cells[3]));
        Assert.Equal(definition.HasColumnThresholds ? "yes" : "no", cells[4]);
        Assert.Equal(definition.CanDisable ? "yes" : "no", cells[5]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_check_has_a_section(string name)
    {
        Assert.Contains(s_docs, l => l.StartsWith($"### `{name}`", StringComparison.Ordinal));
    }

    private static double? Threshold(string cell) => cell == "–" ? null : double.Parse(cell, CultureInfo.InvariantCulture);
}
