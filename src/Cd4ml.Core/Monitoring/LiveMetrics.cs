using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// One metric of the champion on one window: its live value with a bootstrap interval, the value it had on the holdout
/// at promotion, and the drop (positive: worse than promised, in the metric's units; for lower-is-better metrics a
/// rise) with the interval of the drop. <c>Breached</c>: the whole drop interval lies beyond the limit.
/// </summary>
public sealed record LiveMetric(
    string Metric,
    double? Promised,
    double Live,
    double Lower,
    double Upper,
    double? Drop,
    double? DropLower,
    double? DropUpper,
    double Limit,
    bool Breached);

/// <summary>The champion's live metrics on a window, with the same definitions as the holdout (<see cref="PredictionMetrics"/>).</summary>
public static class LiveMetrics
{
    /// <summary>The metrics to watch: the spec's <c>maxMetricDrop</c> keys, or the primary metric with the default limit.</summary>
    public static IReadOnlyDictionary<string, double> Limits(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var monitoring = spec.Monitoring ?? new MonitoringSpec();
        return monitoring.MaxMetricDrop.Count > 0
            ? monitoring.MaxMetricDrop
            : new SortedDictionary<string, double>(StringComparer.Ordinal) { [spec.Promotion.PrimaryMetric] = MonitoringSpec.DefaultMaxMetricDrop };
    }

    /// <summary>
    /// The rows as the holdout predictions the metrics are defined on: binary labels 1 for the positive class and the
    /// positive probability as score; multiclass class indexes and the probability of the true class; regression numbers.
    /// <paramref name="groups"/> adds the sensitive columns' values, aligned with the rows.
    /// </summary>
    public static HoldoutPredictions ToPredictions(
        IReadOnlyList<LabelledRow> rows, string task, IReadOnlyList<string> classes, string? positiveClass,
        IReadOnlyDictionary<string, string[]>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var (label, predicted, score) = (new float[rows.Count], new float[rows.Count], new float[rows.Count]);
        var calibrated = true;
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, truth) = (rows[i].Scored, rows[i].Label);
            switch (task)
            {
                case TaskTypes.Binary:
                    label[i] = truth == positiveClass ? 1f : 0f;
                    predicted[i] = row.Prediction == positiveClass ? 1f : 0f;
                    score[i] = row.Probability is { } p ? (float)p : float.NaN;
                    calibrated &= row.Probability is >= 0 and <= 1;
                    break;
                case TaskTypes.Multiclass:
                    label[i] = IndexOf(classes, truth);
                    predicted[i] = IndexOf(classes, row.Prediction);
                    score[i] = row.ClassProbabilities is { } all && all.TryGetValue(truth, out var q) ? (float)q : float.NaN;
                    break;
                default:
                    label[i] = Number(truth);
                    predicted[i] = score[i] = Number(row.Prediction);
                    break;
            }
        }

        return new HoldoutPredictions
        {
            Task = task,
            Classes = task == TaskTypes.Binary ? [classes.FirstOrDefault(c => c != positiveClass) ?? "", positiveClass ?? ""] : classes,
            Label = label,
            Predicted = predicted,
            Score = score,
            Calibrated = task == TaskTypes.Binary && calibrated,
            Groups = groups ?? new Dictionary<string, string[]>(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Each watched metric on the window: the value on every row, and the percentile bootstrap interval at
    /// <paramref name="confidence"/> from <paramref name="resamples"/> resamples of the rows (same seed, same interval).
    /// </summary>
    public static IReadOnlyList<LiveMetric> Evaluate(
        HoldoutPredictions predictions, IReadOnlyDictionary<string, double> limits, IReadOnlyDictionary<string, double> promised,
        int resamples, double confidence, long seed)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(promised);
        var result = new List<LiveMetric>();
        foreach (var (metric, limit) in limits.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!PredictionMetrics.IsSupported(predictions.Task, metric))
            {
                continue; // the spec parser rejects such names; a stale spec must not stop the evaluation
            }

            var prepared = PredictionMetrics.Prepare(predictions, metric);
            var (live, lower, upper) = Bootstrap(prepared, resamples, confidence, seed);
            double? had = promised.TryGetValue(metric, out var value) && double.IsFinite(value) ? value : null;
            var better = MetricCatalog.HigherIsBetter(metric);
            double? Drop(double v) => had is { } h && double.IsFinite(v) ? (better ? h - v : v - h) : null;
            // The drop interval: the worst live value gives the largest drop.
            var (dropLower, dropUpper) = better ? (Drop(upper), Drop(lower)) : (Drop(lower), Drop(upper));
            result.Add(new LiveMetric(metric, had, live, lower, upper, Drop(live), dropLower, dropUpper, limit, IsBreached(dropLower, limit)));
        }

        return result;
    }

    /// <summary>
    /// The interval rule: a metric is breached only when the lower end of its drop interval is above the limit, i.e.
    /// even the most favourable reading of the window is worse than allowed. A point estimate beyond the limit with an
    /// interval that reaches back inside it is noise that cannot be told from a healthy model: no incident.
    /// </summary>
    public static bool IsBreached(double? dropLower, double limit) => dropLower is { } d && double.IsFinite(d) && d > limit + 1e-12;

    /// <summary>The metric on all rows, and the percentile interval of its bootstrap distribution.</summary>
    public static (double Value, double Lower, double Upper) Bootstrap(PreparedMetric metric, int resamples, double confidence, long seed)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var n = metric.Rows;
        var weights = new int[n];
        weights.AsSpan().Fill(1);
        var value = metric.Compute(weights);
        var values = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(weights);
            var random = new SeededRandom(seed, b);
            for (var i = 0; i < n; i++)
            {
                weights[random.Next(n)]++;
            }

            var v = metric.Compute(weights);
            if (double.IsFinite(v))
            {
                values.Add(v);
            }
        }

        values.Sort();
        var tail = (1 - confidence) / 2;
        return (value, Quantile(values, tail), Quantile(values, 1 - tail));
    }

    private static double Quantile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var h = (sorted.Count - 1) * p;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((h - below) * (sorted[above] - sorted[below]));
    }

    private static float IndexOf(IReadOnlyList<string> classes, string value)
    {
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.Equals(classes[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return float.NaN;
    }

    private static float Number(string text) =>
        float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : float.NaN;
}
