namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// Cells that do not fit their column's type: text in a numeric column, numbers that are not finite or beyond single
/// precision (ML.NET would read them as NaN without a word). Counted per feature column, with lines and examples.
/// </summary>
public sealed class BadValuesCheck : IDataCheck
{
    public const string Name = "bad-values";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the share of cells in each feature column that do not fit its type (text in a numeric column, NaN, Infinity, 1e39)",
        ThresholdKind.MaxShare, Warn: 0, Fail: 0.01, CanDisable: true, HasColumnThresholds: true,
        "training would silently read these cells as missing; any one is worth a warning, and more than 1% of a column " +
        "usually means a changed format upstream (a unit, a decimal comma, an error code)");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var results = new List<CheckResult>();
        foreach (var column in context.Profile.Columns.Where(c => context.IsFeature(c.Name) && c.BadValues.Count > 0))
        {
            var cells = Math.Max(column.Count + column.Missing, column.BadValues.Count);
            var share = (double)column.BadValues.Count / cells;
            var grade = Grading.Above(share, context.ThresholdsFor(column.Name));
            var type = ColumnTypes.Describe(column.Type);
            var examples = column.BadValueExamples.Count > 0 ? $" such as {CheckText.Examples(column.BadValueExamples)}" : "";
            var at = column.BadValues.Lines.Count > 0 ? $" at {CheckText.Lines(column.BadValues.Lines, column.BadValues.Count)}" : "";
            var verdict = grade.Status switch
            {
                CheckStatus.Fail => $"more than the {CheckText.Percent(grade.Bound ?? 0)} allowed",
                CheckStatus.Warn => $"more than the {CheckText.Percent(grade.Bound ?? 0)} warning threshold",
                _ => "within the share the spec allows",
            };
            results.Add(new CheckResult(Name, grade.Status,
                $"{CheckText.Count(column.BadValues.Count, "bad value")} ({CheckText.Percent(share)})",
                grade.Bound is { } bound ? $"≤ {CheckText.Percent(bound)}" : "any share",
                $"'{column.Name}' ({type}) has {CheckText.Count(column.BadValues.Count, "value")} that {(column.BadValues.Count == 1 ? "is" : "are")} not a valid {type} value{examples}{at}: {verdict}",
                column.Name));
        }

        if (results.Count == 0)
        {
            var thresholds = context.ThresholdsFor(null);
            var bound = thresholds.Warn ?? thresholds.Fail;
            results.Add(new CheckResult(Name, CheckStatus.Pass, "0 bad values", bound is { } b ? $"≤ {CheckText.Percent(b)}" : "any share",
                "every cell of every feature column fits its column's type"));
        }

        return results;
    }
}
