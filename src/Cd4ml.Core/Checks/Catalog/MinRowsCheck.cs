namespace Cd4ml.Core.Checks.Catalog;

/// <summary>Enough data rows to train on and to hold out a meaningful evaluation set.</summary>
public sealed class MinRowsCheck : IDataCheck
{
    public const string Name = "min-rows";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the number of data rows",
        ThresholdKind.MinCount, Warn: 200, Fail: 50, CanDisable: true, HasColumnThresholds: false,
        "with the default 20% holdout, 50 rows leave 10 to evaluate on, too few to compare two models at all; " +
        "below 200 (40 holdout rows) a metric's confidence interval is too wide to trust a small improvement");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var rows = context.Profile.Rows;
        var grade = Grading.Below(rows, context.ThresholdsFor(null));
        var threshold = grade.Bound is { } bound ? $"≥ {CheckText.Count((long)bound, "row")}" : "any number";
        var message = grade.Status switch
        {
            CheckStatus.Fail => $"the file has {CheckText.Count(rows, "data row")}, fewer than the {CheckText.Whole((long)(grade.Bound ?? 0))} needed to train and evaluate",
            CheckStatus.Warn => $"the file has {CheckText.Count(rows, "data row")}, fewer than {CheckText.Whole((long)(grade.Bound ?? 0))}: metrics on so small a holdout are noisy",
            _ => $"the file has {CheckText.Count(rows, "data row")}",
        };
        return [new CheckResult(Name, grade.Status, CheckText.Count(rows, "row"), threshold, message)];
    }
}
