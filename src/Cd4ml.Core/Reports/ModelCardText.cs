using System.Globalization;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Reports;

/// <summary>
/// The largest gap of one group rate between the gated groups of a sensitive column: <c>Gap</c> is the highest
/// minus the lowest rate (null when fewer than two gated groups have it), <c>Limit</c> the spec's
/// <c>maxDisparity</c> when known.
/// </summary>
public sealed record FairnessDisparity(string Column, string Metric, double? Gap, FairnessGroup? Low, FairnessGroup? High, double? Limit)
{
    /// <summary>True within the limit, false over it, null when there is no gap or no limit to judge.</summary>
    public bool? Within => Gap is { } gap && Limit is { } limit ? gap <= limit + GateText.Tolerance : null;
}

/// <summary>
/// The sentences and table cells that the model card and the CLI's run summary share, so a run and the card of
/// the version it published describe a decision in the same words.
/// </summary>
public static class ModelCardText
{
    public static IReadOnlyList<string> FairnessHeader { get; } =
        ["column", "group", "rows", "positives", "selection rate", "true positive rate", "error rate", "gated"];

    public static IReadOnlyList<string> DisparityHeader { get; } = ["column", "metric", "disparity", "lowest", "highest", "limit", "verdict"];

    /// <summary>"Δ auc +0.0088, 95% CI [−0.0031, +0.0204] from 1000 paired bootstrap resamples of 921 holdout rows".</summary>
    public static string Significance(SignificanceResult s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var interval = s.Lower is { } lower && s.Upper is { } upper
            ? $"{Level(s.Confidence)} CI [{Signed(lower)}, {Signed(upper)}]"
            : $"no {Level(s.Confidence)} CI (the metric was undefined on every resample)";
        var undefined = s.Undefined > 0 ? $" ({Count(s.Undefined)} undefined, left out)" : "";
        return $"Δ {s.Metric} {Signed(s.Delta)}, {interval} from {Count(s.Resamples)} paired bootstrap resamples of {Count(s.Rows)} holdout rows{undefined}";
    }

    /// <summary>"PASS: 200 rows scored one at a time, p50 0.120 ms, p99 0.450 ms", or FAIL and the reason.</summary>
    public static string SmokeTest(SmokeTestSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Passed
            ? $"PASS: {Count(s.RowsScored)} rows scored one at a time from the stored model, p50 {Ms(s.P50Ms)}, p99 {Ms(s.P99Ms)}"
            : $"FAIL: {s.Reason ?? "no reason recorded"} ({Count(s.RowsScored)} rows scored)";
    }

    /// <summary>Whether <c>model.onnx</c> was published, with its hash and size, or why not.</summary>
    public static string Edge(EdgeExport e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.Published)
        {
            return $"not published: {e.Reason}";
        }

        var size = e.Bytes is { } bytes ? $", {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes" : "";
        return $"published model.onnx, SHA-256 {e.Sha256 ?? "not recorded"}{size}; {e.Reason}";
    }

    /// <summary>
    /// One table row per group, in the header order of <see cref="FairnessHeader"/>; <paramref name="minGroupRows"/>
    /// (the spec's, when known) says why a group was not gated.
    /// </summary>
    public static IEnumerable<string[]> FairnessRows(IEnumerable<FairnessGroup> groups, int? minGroupRows = null) =>
        groups.Select(g => new[]
        {
            g.Column, g.Group, Count(g.Rows),
            // Positives exist for binary only, where the selection rate is defined too.
            g.SelectionRate is null ? "-" : Count(g.Positives),
            Rate(g.SelectionRate), Rate(g.TruePositiveRate), Rate(g.ErrorRate),
            g.Gated ? "yes" : minGroupRows is { } min ? $"no (< {Count(min)} rows)" : "no (too few rows)",
        });

    /// <summary>
    /// Per column, in the order the groups list them, and per rate: the gap between the lowest and highest gated
    /// group, as the fairness gate measures it (ties go to the first group in ordinal order). With
    /// <paramref name="metrics"/> null, every rate some group has is compared.
    /// </summary>
    public static IReadOnlyList<FairnessDisparity> Disparities(IReadOnlyList<FairnessGroup> groups, IReadOnlyList<string>? metrics, double? limit)
    {
        ArgumentNullException.ThrowIfNull(groups);
        metrics ??= FairnessMetricNames.All.Where(m => groups.Any(g => g.Rate(m) is not null)).ToList();
        var result = new List<FairnessDisparity>();
        foreach (var column in groups.Select(g => g.Column).Distinct(StringComparer.Ordinal))
        {
            foreach (var metric in metrics)
            {
                var rated = groups.Where(g => g.Column == column && g.Gated && g.Rate(metric) is not null)
                    .OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
                if (rated.Count < 2)
                {
                    result.Add(new FairnessDisparity(column, metric, null, null, null, limit));
                    continue;
                }

                var low = rated.MinBy(g => g.Rate(metric)!.Value)!;
                var high = rated.MaxBy(g => g.Rate(metric)!.Value)!;
                result.Add(new FairnessDisparity(column, metric, high.Rate(metric)!.Value - low.Rate(metric)!.Value, low, high, limit));
            }
        }

        return result;
    }

    /// <summary>One table row per disparity, in the header order of <see cref="DisparityHeader"/>.</summary>
    public static IEnumerable<string[]> DisparityRows(IEnumerable<FairnessDisparity> disparities) =>
        disparities.Select(d => new[]
        {
            d.Column, d.Metric, Rate(d.Gap),
            d.Low is null ? "-" : $"{d.Column}={d.Low.Group} ({Rate(d.Low.Rate(d.Metric))})",
            d.High is null ? "-" : $"{d.Column}={d.High.Group} ({Rate(d.High.Rate(d.Metric))})",
            d.Limit is { } limit ? $"≤ {Rate(limit)}" : "-",
            d.Within switch
            {
                true => "within",
                false => "OVER the limit",
                null => d.Gap is null ? "not judged: fewer than two gated groups" : "no limit recorded",
            },
        });

    private static string Rate(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    /// <summary>Signed with a real minus sign, so "+0.0204" and "−0.0031" line up and read as numbers.</summary>
    private static string Signed(double value)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        // Rounded first: −0.00001 is "0.0000", not "−0.0000".
        var rounded = Math.Round(value, 4);
        return (rounded > 0 ? "+" : rounded < 0 ? "\u2212" : "") + Math.Abs(rounded).ToString("0.0000", CultureInfo.InvariantCulture);
    }

    private static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    private static string Level(double confidence) => (confidence * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
