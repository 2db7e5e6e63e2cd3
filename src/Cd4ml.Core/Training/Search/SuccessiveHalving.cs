using Cd4ml.Core.Reports;

namespace Cd4ml.Core.Training.Search;

/// <summary>
/// Which configurations of a rung go on: the best by the selection metric, the one the winner is picked on (validation
/// rows of the training part: cross-validation or the inner split), never the holdout.
/// </summary>
public static class SuccessiveHalving
{
    /// <summary>
    /// The ids of the <paramref name="keep"/> best results on <paramref name="metric"/>'s selection value, best first; ties
    /// go to the smaller id. A result with a problem or without a finite selection value ranks after every other.
    /// </summary>
    public static IReadOnlyList<string> Keep(IReadOnlyList<CandidateResult> results, string metric, int keep)
    {
        ArgumentNullException.ThrowIfNull(results);
        var higherIsBetter = MetricCatalog.HigherIsBetter(metric);
        return
        [
            .. results
                .OrderBy(r => SelectionValue(r, metric) is null)
                .ThenBy(r => SelectionValue(r, metric) is { } v ? (higherIsBetter ? -v : v) : 0)
                .ThenBy(r => r.Id, StringComparer.Ordinal)
                .Take(keep)
                .Select(r => r.Id),
        ];
    }

    /// <summary>The result's selection value of <paramref name="metric"/>, or null when it has a problem or none that is finite.</summary>
    public static double? SelectionValue(CandidateResult result, string metric) =>
        result.Problem is null && result.Selection?.Metrics.TryGetValue(metric, out var value) == true && double.IsFinite(value) ? value : null;
}
