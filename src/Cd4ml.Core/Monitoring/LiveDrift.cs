using Cd4ml.Core.Checks.Drift;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// Drift of one column on one window: PSI over the reference's deciles for numbers, Jensen–Shannon distance of the
/// value shares for categories (the same measures as the data checks' drift). <c>Column</c> is <c>prediction</c> for
/// prediction drift (the champion's answers against the label distribution it was trained on).
/// </summary>
public sealed record DriftMeasure(string Column, string Measure, double Value, bool Breached);

/// <summary>Input and prediction drift of live rows against the champion's training snapshot profile.</summary>
public static class LiveDrift
{
    public const string Psi = "psi";
    public const string JensenShannonDistance = "js";

    /// <summary>
    /// Drift of each feature column present on both sides, and of the predictions against the training labels.
    /// <paramref name="features"/> are the training columns that are features (label, id and excluded columns left out).
    /// </summary>
    public static IReadOnlyList<DriftMeasure> Measure(
        DatasetProfile reference, DatasetProfile inputs, IReadOnlyList<string> features, string label, DatasetProfile predictions, double maxDrift)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(predictions);
        var result = new List<DriftMeasure>();
        foreach (var column in features)
        {
            if (Between(reference.Column(column), inputs.Column(column)) is { } m)
            {
                result.Add(new DriftMeasure(column, m.Measure, m.Value, m.Value > maxDrift));
            }
        }

        if (Between(reference.Column(label), predictions.Column(PredictionsReader.PredictionColumn)) is { } p)
        {
            result.Add(new DriftMeasure(PredictionsReader.PredictionColumn, p.Measure, p.Value, p.Value > maxDrift));
        }

        return result;
    }

    private static (string Measure, double Value)? Between(ColumnProfile? then, ColumnProfile? now)
    {
        if (then is null || now is null || then.Count == 0 || now.Count == 0)
        {
            return null;
        }

        if (then.Type == InferredType.Numeric)
        {
            return then.Numeric is { Count: > 0 } a && now.Numeric is { Count: > 0 } b
                ? (Psi, NumericBins.Psi(a.Sketch.Quantile, a.Sketch.Rank, b.Sketch.Rank))
                : null; // numbers then, text now: the scoring side refuses a changed schema
        }

        var (p, q) = CategoryShares.Align(then, now);
        return (JensenShannonDistance, JensenShannon.Distance(p, q));
    }
}
