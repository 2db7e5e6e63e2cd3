using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// Rows that cannot be read as the header says: a different number of fields (ragged, often an unbalanced quote),
/// bytes that are not UTF-8, NUL bytes. Judged on their share of all rows, with the first line numbers of each kind.
/// </summary>
public sealed class RowShapeCheck : IDataCheck
{
    public const string Name = "row-shape";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the share of rows with a different number of fields than the header, invalid UTF-8 or NUL bytes",
        ThresholdKind.MaxShare, Warn: null, Fail: 0, CanDisable: false, HasColumnThresholds: false,
        "a malformed row usually means values shifted into the wrong columns; any such row fails unless the spec allows a share");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var profile = context.Profile;
        var kinds = new (LineSample Sample, string Problem)[]
        {
            (profile.RaggedRows, $"a number of fields other than the header's {profile.Header.Count}"),
            (profile.InvalidUtf8Rows, "bytes that are not valid UTF-8"),
            (profile.NulRows, "NUL bytes"),
        };

        // A row can have more than one problem; counting it once per problem overstates by at most that overlap,
        // and the share never goes above 100%.
        var bad = Math.Min(kinds.Sum(k => k.Sample.Count), Math.Max(profile.Rows, 1));
        var share = profile.Rows > 0 ? (double)bad / profile.Rows : bad > 0 ? 1 : 0;
        var thresholds = context.ThresholdsFor(null);
        var grade = Grading.Above(share, thresholds);
        var observed = bad == 0 ? "0 bad rows" : $"{CheckText.Percent(share)} bad rows ({CheckText.Whole(bad)} of {CheckText.Whole(profile.Rows)})";
        var threshold = grade.Bound is { } bound ? $"≤ {CheckText.Percent(bound)}" : "any share";

        if (bad == 0)
        {
            return [new CheckResult(Name, CheckStatus.Pass, observed, threshold, $"every row has the header's {profile.Header.Count} fields and is valid UTF-8")];
        }

        var found = string.Join("; ", kinds.Where(k => k.Sample.Count > 0)
            .Select(k => $"{CheckText.Count(k.Sample.Count, "row")} with {k.Problem} ({CheckText.Lines(k.Sample.Lines, k.Sample.Count)})"));
        var verdict = grade.Status switch
        {
            CheckStatus.Fail => $"more than the {CheckText.Percent(grade.Bound ?? 0)} allowed; fix the rows or raise \"row-shape\": {{\"fail\": …}} in the spec",
            CheckStatus.Warn => $"more than the {CheckText.Percent(grade.Bound ?? 0)} warning threshold",
            _ => "within the share the spec allows",
        };
        return [new CheckResult(Name, grade.Status, observed, threshold, $"{found}: {verdict}")];
    }
}
