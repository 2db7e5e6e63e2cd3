using Cd4ml.Core.Training;
using static Cd4ml.Core.Promotion.GateText;

namespace Cd4ml.Core.Promotion;

// Picking the winner: on validation metrics when several candidates compete, so the holdout stays unbiased.
public static partial class PromotionPolicy
{
    /// <summary>
    /// Picks the best usable candidate. With more than one, and validation metrics for all of them, it is the best on
    /// validation: picking the best of several on the holdout and then comparing that same holdout with the champion
    /// would be optimistic (the winner's curse), and the significance interval would no longer mean what it says.
    /// Without validation metrics (a single candidate, or runs recorded before them) the holdout picks.
    /// </summary>
    private static (CandidateEvaluation? Best, IReadOnlyList<CandidateRanking> Ranking) BestCandidate(
        string metric, IReadOnlyList<CandidateEvaluation> candidates, List<GateResult> gates)
    {
        var ranking = candidates.Select(c => new CandidateRanking(c.Id, c.Selection?.Source, Finite(c.Selection?.Metrics, metric), Finite(c.Metrics, metric), c.Problem)).ToList();
        var usable = candidates
            .Where(c => c.Problem is null && c.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
            .ToList();
        if (usable.Count == 0)
        {
            var why = string.Join("; ", candidates.Select(c => $"{c.Id}: {c.Problem ?? $"{metric} is undefined"}"));
            gates.Add(new GateResult(CandidateGate, false, "no usable candidate", $"finite {metric}",
                $"no candidate has a finite {metric} on the holdout ({why})"));
            return (null, ranking);
        }

        var onValidation = usable.Count > 1 && usable.All(c => Finite(c.Selection?.Metrics, metric) is not null);
        Func<CandidateEvaluation, double> value = onValidation ? c => c.Selection!.Metrics[metric] : c => c.Metrics[metric];
        var best = MetricCatalog.HigherIsBetter(metric)
            ? usable.OrderByDescending(value).ThenBy(c => c.Id, StringComparer.Ordinal).First()
            : usable.OrderBy(value).ThenBy(c => c.Id, StringComparer.Ordinal).First();

        if (onValidation)
        {
            var source = best.Selection!.Source;
            gates.Add(new GateResult(CandidateGate, true, $"{best.Id} {metric}={F(value(best))} on {source}", $"finite {metric}",
                $"{best.Id} has the best {metric} on {source} of the training part ({F(value(best))}) of {Count(usable.Count)} usable candidates; " +
                $"its holdout {metric} {F(best.Metrics[metric])} is what the champion is compared on"));
        }
        else
        {
            gates.Add(new GateResult(CandidateGate, true, $"{best.Id} {metric}={F(best.Metrics[metric])}", $"finite {metric}",
                $"{best.Id} has the best {metric} of {Count(usable.Count)} usable candidate(s)"));
        }

        return (best, ranking);
    }

    private static double? Finite(IReadOnlyDictionary<string, double>? metrics, string metric) =>
        metrics is not null && metrics.TryGetValue(metric, out var v) && double.IsFinite(v) ? v : null;
}
