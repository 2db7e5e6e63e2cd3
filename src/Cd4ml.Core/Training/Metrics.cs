namespace Cd4ml.Core.Training;

/// <summary>
/// Metrics measured on the holdout, by name (see <see cref="MetricCatalog.For"/>); NaN when undefined, and then
/// <see cref="Problem"/> says why. <see cref="PositiveRows"/> counts the positive class of a binary label (0 for other tasks).
/// </summary>
public sealed record HoldoutMetrics(IReadOnlyDictionary<string, double> Values, long HoldoutRows, long PositiveRows, string? Problem = null)
{
    public double this[string metric] => Values.TryGetValue(metric, out var v) ? v : double.NaN;

    /// <summary>Every metric of the task as NaN, with the reason.</summary>
    public static HoldoutMetrics Undefined(string task, long rows, long positives, string problem) =>
        new(MetricCatalog.For(task).ToDictionary(m => m, _ => double.NaN, StringComparer.Ordinal), rows, positives, problem);
}
