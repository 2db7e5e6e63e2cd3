using Cd4ml.Core.Checks.Drift;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// Drift of one column on one window: PSI over the reference's deciles for numbers, Jensen–Shannon distance of the
/// value shares for categories (the same measures as the data checks' drift). <c>Column</c> is <c>prediction</c> for
/// prediction drift (the champion's answers against the label distribution it was trained on). <c>NoiseLevel</c> is
/// what sampling alone reaches on a window of <c>Rows</c> values (<see cref="DriftNoise"/>); a measure is breached
/// only above both the limit and the noise level.
/// </summary>
public sealed record DriftMeasure(string Column, string Measure, double Value, bool Breached, double NoiseLevel = 0, long Rows = 0);

/// <summary>Input and prediction drift of live rows against the champion's training data.</summary>
public static class LiveDrift
{
    public const string Psi = "psi";
    public const string JensenShannonDistance = "js";

    /// <summary>
    /// The columns drift is measured on: each feature the training profile has, and <c>prediction</c> against the label.
    /// <paramref name="features"/> are the training columns that are features (label, id and excluded columns left out).
    /// </summary>
    public static IReadOnlyList<DriftColumn> Columns(DatasetProfile reference, IReadOnlyList<string> features, string label)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(features);
        var columns = features.Select(f => DriftColumn.For(f, reference.Column(f))).ToList();
        columns.Add(reference.Column(label) is { } labels ? DriftColumn.For(PredictionsReader.PredictionColumn, labels) : null);
        return [.. columns.OfType<DriftColumn>()];
    }

    /// <summary>
    /// Each column's drift on <paramref name="window"/>. The reference shares are <paramref name="training"/>'s counts (the
    /// training rows binned exactly like the window's), or the profile's when the training rows could not be read.
    /// A measure is breached when it is over <paramref name="maxDrift"/> and over the noise level of its window size at
    /// <paramref name="falseAlarmRate"/> shared by the window's measures.
    /// </summary>
    public static IReadOnlyList<DriftMeasure> Measure(DriftCounts? training, DriftCounts window, double maxDrift, double falseAlarmRate = DriftNoise.FalseAlarmRate)
    {
        ArgumentNullException.ThrowIfNull(window);
        var measured = Enumerable.Range(0, window.Columns.Count).Where(i => window.Values(i) > 0).ToList();
        var alpha = falseAlarmRate / Math.Max(1, measured.Count);
        var result = new List<DriftMeasure>();
        foreach (var i in measured)
        {
            var column = window.Columns[i];
            var (expected, m) = training is not null && training.Values(i) > 0
                ? (training.Shares(i), training.Values(i))
                : (column.ProfileShares(), column.Reference.Count);
            var (actual, n) = (window.Shares(i), window.Values(i));
            var bins = Math.Max(2, expected.Count(e => e > 0)); // a bin the training data never filled adds no freedom under no drift
            var (measure, value, noise) = column.Numeric
                ? (Psi, Checks.Drift.Psi.Compute(expected, actual), DriftNoise.PsiLevel(bins, n, m, alpha))
                : (JensenShannonDistance, JensenShannon.Distance(expected, actual), DriftNoise.JensenShannonLevel(bins, n, m, alpha));
            result.Add(new DriftMeasure(column.Column, measure, value, value > maxDrift && value > noise, noise, n));
        }

        return result;
    }
}
