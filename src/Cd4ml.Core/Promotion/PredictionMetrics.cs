using System.Buffers;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Promotion;

/// <summary>
/// The holdout metrics of <see cref="MetricCatalog"/>, computed from a model's per-row predictions over any
/// subset or resample of the rows, so the promotion policy can bootstrap them. Undefined metrics are NaN
/// (one class only, an uncalibrated score for log-loss, a NaN prediction).
/// </summary>
/// <remarks>
/// Definitions, and where they may differ slightly from ML.NET's evaluators:
/// <list type="bullet">
/// <item><c>auc</c>: rank-based (Mann–Whitney), tied scores count one half. ML.NET samples a reservoir on very large sets.</item>
/// <item><c>auprc</c>: average precision, Σ (recallₖ − recallₖ₋₁) · precisionₖ over the distinct score thresholds,
/// highest first (tied scores are one threshold). ML.NET's own estimate of the area can differ in the third decimal.</item>
/// <item><c>logLoss</c> (binary): bits, −mean log₂ p(true class) with p clipped to [1e-15, 1 − 1e-15], like ML.NET;
/// NaN unless <see cref="HoldoutPredictions.Calibrated"/>.</item>
/// <item><c>logLoss</c> (multiclass): nats, −mean ln p(true class) clipped at 1e-15, like ML.NET;
/// <c>logLossReduction</c> = (H − logLoss) / H with H the entropy of the rows' own label distribution.</item>
/// <item><c>macroAccuracy</c>: mean recall over the classes present in the rows.</item>
/// <item><c>rSquared</c>: 1 − SSres / SStot; NaN when every label is the same.</item>
/// <item><c>businessValue</c> (binary): the mean of each row's confusion-cell value from <c>promotion.businessValue</c>; NaN without it.</item>
/// </list>
/// </remarks>
public static class PredictionMetrics
{
    /// <summary>The metric on every holdout row once.</summary>
    public static double Compute(HoldoutPredictions predictions, string metric) => Compute(predictions, metric, businessValue: null);

    /// <summary>The metric on every holdout row once; <paramref name="businessValue"/> defines <c>businessValue</c>.</summary>
    public static double Compute(HoldoutPredictions predictions, string metric, BusinessValueSpec? businessValue)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var weights = ArrayPool<int>.Shared.Rent(predictions.Rows);
        try
        {
            weights.AsSpan(0, predictions.Rows).Fill(1);
            return Prepare(predictions, metric, businessValue).Compute(weights.AsSpan(0, predictions.Rows));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(weights);
        }
    }

    /// <summary>The metric on the given row indexes; an index listed twice counts twice (a bootstrap resample).</summary>
    public static double Compute(HoldoutPredictions predictions, string metric, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var n = predictions.Rows;
        var weights = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var span = weights.AsSpan(0, n);
            span.Clear();
            foreach (var row in rows)
            {
                if ((uint)row >= (uint)n)
                {
                    throw new ArgumentOutOfRangeException(nameof(rows), row, $"row indexes must be from 0 to {n - 1}");
                }

                span[row]++;
            }

            return Prepare(predictions, metric).Compute(span);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(weights);
        }
    }

    /// <summary>
    /// Prepares a metric for many evaluations on re-weighted rows (scores sorted once, per-row losses computed
    /// once), so each evaluation is a single pass over the rows.
    /// </summary>
    public static PreparedMetric Prepare(HoldoutPredictions predictions, string metric, BusinessValueSpec? businessValue = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(metric);
        if (predictions.Predicted.Length != predictions.Rows || predictions.Score.Length != predictions.Rows)
        {
            throw new ArgumentException(
                $"predictions have {predictions.Rows} labels, {predictions.Predicted.Length} predictions and {predictions.Score.Length} scores; they must be aligned",
                nameof(predictions));
        }

        return new PreparedMetric(predictions, metric, businessValue);
    }

    /// <summary>True when <paramref name="metric"/> can be computed from predictions of a <paramref name="task"/> model.</summary>
    public static bool IsSupported(string task, string metric) => MetricCatalog.For(task).Contains(metric, StringComparer.Ordinal);
}
