using System.Globalization;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// The file can be read as a table: it is not empty, it has data rows, its first line is a header (not data),
/// and the header names are unique and not blank. Not configurable: without a usable header nothing else can be judged.
/// </summary>
public sealed class FileCheck : IDataCheck
{
    public const string Name = "file";

    private const string Rule = "a header of unique names and ≥ 1 data row";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the file has a header row of unique, non-blank names, at least two columns and at least one data row",
        ThresholdKind.None, Warn: null, Fail: null, CanDisable: false, HasColumnThresholds: false,
        "a file without a usable header cannot be mapped to columns, so every other check and training would read it wrongly");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var profile = context.Profile;
        if (profile.Refusal is { } refusal)
        {
            // Over a cap (columns, header bytes): nothing past the cap was read, so nothing else can be judged.
            return [new CheckResult(Name, CheckStatus.Fail, refusal.Observed, refusal.Allowed, refusal.Message)];
        }

        var header = profile.Header;
        if (header.Count == 0)
        {
            return [Fail("0 bytes of data", "the file is empty: it needs a header row naming the columns and at least one data row")];
        }

        var results = new List<CheckResult>();
        if (profile.Rows == 0)
        {
            results.Add(Fail("0 rows", "the file has a header (line 1) but no data rows"));
        }

        if (profile.HeaderLooksLikeData)
        {
            results.Add(Fail("no header",
                $"the first line looks like data, not a header (every cell is a number: {CheckText.Examples(header.Take(5))}); " +
                "add a header row naming the columns"));
        }

        var duplicates = header.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            results.Add(Fail($"duplicate names: {string.Join(", ", duplicates)}",
                $"the header (line 1) repeats column name(s) {CheckText.Names(duplicates)}; each column needs its own name"));
        }

        var blanks = header.Select((h, i) => (Name: h, Position: i + 1)).Where(c => string.IsNullOrWhiteSpace(c.Name)).Select(c => c.Position).ToList();
        if (blanks.Count > 0)
        {
            var positions = string.Join(", ", blanks.Select(p => p.ToString(CultureInfo.InvariantCulture)));
            results.Add(Fail(CheckText.Count(blanks.Count, "blank name"),
                $"the header (line 1) has no name for column(s) {positions} (counting from 1); name every column"));
        }

        if (header.Count < 2)
        {
            results.Add(Fail(CheckText.Count(header.Count, "column"),
                $"the file has only the column {CheckText.Names(header)}; it needs the label and at least one feature column " +
                "(if it has more, check that it is comma-separated)"));
        }

        if (results.Count == 0)
        {
            var bom = profile.HadByteOrderMark ? "; the UTF-8 byte order mark at the start was removed" : "";
            results.Add(new CheckResult(Name, CheckStatus.Pass,
                $"{CheckText.Count(header.Count, "column")}, {CheckText.Count(profile.Rows, "row")}", Rule,
                $"the header names {CheckText.Count(header.Count, "column")}, all unique{bom}"));
        }

        return results;
    }

    private static CheckResult Fail(string observed, string message) => new(Name, CheckStatus.Fail, observed, Rule, message);
}
