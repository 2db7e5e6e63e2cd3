namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// The share of missing cells in each feature column (empty cells and missing-value markers; never read as 0).
/// The label's blanks are the label check's; excluded columns are not read by the model.
/// </summary>
public sealed class CompletenessCheck : IDataCheck
{
    public const string Name = "completeness";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the share of missing cells in each feature column",
        ThresholdKind.MaxShare, Warn: 0.05, Fail: 0.5, CanDisable: true, HasColumnThresholds: true,
        "a few percent missing is normal and filled with the column's mean or as its own category; " +
        "more than 5% is worth knowing, and a column more than half empty usually means a broken extract, not data");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var results = new List<CheckResult>();
        (string Column, double Share)? worst = null;
        foreach (var column in context.Profile.Columns.Where(c => context.IsFeature(c.Name)))
        {
            var cells = column.Count + column.Missing;
            var share = cells > 0 ? (double)column.Missing / cells : 0;
            if (worst is null || share > worst.Value.Share)
            {
                worst = (column.Name, share);
            }

            var grade = Grading.Above(share, context.ThresholdsFor(column.Name));
            if (grade.Status != CheckStatus.Pass)
            {
                var level = grade.Status == CheckStatus.Fail ? "the failure threshold" : "the warning threshold";
                results.Add(new CheckResult(Name, grade.Status, $"{CheckText.Percent(share)} missing", $"≤ {CheckText.Percent(grade.Bound ?? 0)}",
                    $"'{column.Name}' is missing in {CheckText.Whole(column.Missing)} of {CheckText.Count(cells, "row")} ({CheckText.Percent(share)}), " +
                    $"more than {level} of {CheckText.Percent(grade.Bound ?? 0)}",
                    column.Name));
            }
        }

        if (results.Count == 0)
        {
            var thresholds = context.ThresholdsFor(null);
            var bound = thresholds.Warn ?? thresholds.Fail;
            results.Add(new CheckResult(Name, CheckStatus.Pass,
                worst is { } w ? $"{CheckText.Percent(w.Share)} missing at most" : "no feature columns",
                bound is { } b ? $"≤ {CheckText.Percent(b)}" : "any share",
                worst is { Share: > 0 } most ? $"every feature column is complete enough; the most missing is '{most.Column}' ({CheckText.Percent(most.Share)})"
                : "no feature column has missing cells"));
        }

        return results;
    }
}
