namespace Cd4ml.Core.Training;

/// <summary>Metrics measured on the holdout, by name (see <see cref="BinaryMetricNames"/>); NaN when undefined.</summary>
public sealed record HoldoutMetrics(IReadOnlyDictionary<string, double> Values, long HoldoutRows, long PositiveRows, string? Problem = null)
{
    public double this[string metric] => Values.TryGetValue(metric, out var v) ? v : double.NaN;
}
