namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// The share of rows that repeat an earlier row exactly, estimated from a distinct-count sketch of row hashes
/// (so memory does not grow with the file). Duplicates weigh some examples twice and can leak between the
/// training rows and the holdout, which flatters the metrics.
/// </summary>
public sealed class DuplicatesCheck : IDataCheck
{
    public const string Name = "duplicates";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the estimated share of rows that repeat an earlier row exactly",
        ThresholdKind.MaxShare, Warn: 0.05, Fail: null, CanDisable: true, HasColumnThresholds: false,
        "some data has honest repeats (few columns, coarse values), so duplicates only warn; above 5% they may leak " +
        "between training rows and the holdout and flatter the metrics");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var profile = context.Profile;
        var duplicates = Math.Clamp(profile.DuplicateRowsEstimate, 0, profile.Rows);
        var share = profile.Rows > 0 ? (double)duplicates / profile.Rows : 0;
        var grade = Grading.Above(share, context.ThresholdsFor(null));
        var observed = $"~{CheckText.Percent(share)} duplicate rows";
        var threshold = grade.Bound is { } bound ? $"≤ {CheckText.Percent(bound)}" : "any share";
        var about = $"about {CheckText.Count(duplicates, "row")} of {CheckText.Whole(profile.Rows)} repeat an earlier row exactly";
        var message = grade.Status switch
        {
            CheckStatus.Pass => duplicates == 0 ? "no row repeats an earlier row" : about,
            _ => $"{about} ({CheckText.Percent(share)}, more than {CheckText.Percent(grade.Bound ?? 0)}); repeated rows count twice in training " +
                 "and can land in both the training rows and the holdout",
        };
        return [new CheckResult(Name, grade.Status, observed, threshold, message)];
    }
}
