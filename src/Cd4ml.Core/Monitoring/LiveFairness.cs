using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Monitoring;

/// <summary>One sensitive column on one window: the largest gap between its groups, and whether it is over the limit.</summary>
public sealed record LiveFairnessResult(string Column, bool Passed, string Observed, string Reason, IReadOnlyList<FairnessGroup> Groups);

/// <summary>
/// Fairness on live data with exactly the fairness gate's definitions (<see cref="GroupFairness"/>): the same rates,
/// the same minimum group size, the monitoring limit (or the promotion policy's when monitoring sets none).
/// </summary>
public static class LiveFairness
{
    /// <summary>The fairness spec live data is judged by, or null when fairness is not evaluated.</summary>
    public static FairnessSpec? SpecFor(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Promotion.Fairness is not { } fairness || spec.Task == TaskTypes.Regression)
        {
            return null;
        }

        return spec.Monitoring?.MaxDisparity is { } limit ? fairness with { MaxDisparity = limit } : fairness;
    }

    /// <summary>One result per sensitive column; <paramref name="predictions"/> must carry the columns' values in its groups.</summary>
    public static IReadOnlyList<LiveFairnessResult> Evaluate(FairnessSpec fairness, string task, int version, HoldoutPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(fairness);
        var (gates, groups) = GroupFairness.Evaluate(fairness, task, $"v{version}", predictions);
        return fairness.Columns.Select((column, i) => new LiveFairnessResult(
            column,
            gates[i].Passed,
            gates[i].Observed,
            gates[i].Reason.Replace("; not promoted", "", StringComparison.Ordinal),
            groups.Where(g => g.Column == column).ToList())).ToList();
    }
}
