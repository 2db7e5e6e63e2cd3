using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>The binary metrics that depend on where the decision threshold is, computed from confusion counts.</summary>
public static class ThresholdMetrics
{
    /// <summary>The metrics a threshold can be tuned for.</summary>
    public static IReadOnlyList<string> All { get; } = [BinaryMetricNames.F1, BinaryMetricNames.Accuracy, BinaryMetricNames.BusinessValue];

    public static bool DependsOnThreshold(string metric) => All.Contains(metric, StringComparer.Ordinal);

    /// <summary>The metric of the counts; NaN when undefined (businessValue without a matrix, F1 without positives).</summary>
    public static double Value(string metric, ConfusionCounts counts, BusinessValueSpec? businessValue) => metric switch
    {
        BinaryMetricNames.F1 => counts.F1,
        BinaryMetricNames.Accuracy => counts.Accuracy,
        BinaryMetricNames.BusinessValue => businessValue?.MeanValue(counts) ?? double.NaN,
        _ => throw new ArgumentException($"'{metric}' does not depend on the decision threshold", nameof(metric)),
    };
}
