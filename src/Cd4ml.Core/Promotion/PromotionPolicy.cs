using System.Globalization;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Promotion;

/// <summary>
/// Decides whether the best candidate replaces the champion. Pure and deterministic, so it can run inside
/// an orchestrator and be unit-tested without storage.
/// </summary>
public static class PromotionPolicy
{
    public const string CandidateGate = "best-candidate";
    public const string ChampionGate = "champion-comparison";

    public static Decision Decide(PromotionSpec promotion, IReadOnlyList<CandidateScore> candidates, ChampionScore? champion)
    {
        var metric = promotion.PrimaryMetric;
        var higherIsBetter = BinaryMetricNames.HigherIsBetter(metric);
        var gates = new List<GateResult>();

        var usable = candidates
            .Where(c => c.Problem is null && c.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
            .ToList();
        if (usable.Count == 0)
        {
            var why = string.Join("; ", candidates.Select(c => $"{c.Id}: {c.Problem ?? $"{metric} is undefined"}"));
            gates.Add(new GateResult(CandidateGate, false, "no usable candidate", $"finite {metric}",
                $"no candidate has a finite {metric} on the holdout ({why})"));
            return new Decision(false, null, gates);
        }

        var best = higherIsBetter
            ? usable.OrderByDescending(c => c.Metrics[metric]).ThenBy(c => c.Id, StringComparer.Ordinal).First()
            : usable.OrderBy(c => c.Metrics[metric]).ThenBy(c => c.Id, StringComparer.Ordinal).First();
        var bestValue = best.Metrics[metric];
        gates.Add(new GateResult(CandidateGate, true, $"{best.Id} {metric}={F(bestValue)}", $"finite {metric}",
            $"{best.Id} has the best {metric} of {usable.Count} usable candidate(s)"));

        if (champion is null)
        {
            gates.Add(new GateResult(ChampionGate, true, "no champion", "-", "there is no champion yet, so the best candidate becomes the first one"));
            return new Decision(true, best.Id, gates);
        }

        if (champion.Problem is not null || !champion.Metrics.TryGetValue(metric, out var championValue) || !double.IsFinite(championValue))
        {
            gates.Add(new GateResult(ChampionGate, false, "champion not comparable", $"finite champion {metric}",
                $"champion v{champion.Version} could not be evaluated on this holdout ({champion.Problem ?? $"{metric} undefined"}); " +
                "keeping it until it is replaced by hand"));
            return new Decision(false, best.Id, gates);
        }

        var improvement = higherIsBetter ? bestValue - championValue : championValue - bestValue;
        // Metrics are doubles: an improvement equal to the threshold must not fail on the last bit of rounding.
        const double tolerance = 1e-9;
        var passed = improvement > tolerance && improvement >= promotion.MinImprovement - tolerance;
        var observed = $"{F(bestValue)} vs {F(championValue)} (Δ {F(improvement, signed: true)})";
        var threshold = $"Δ ≥ {F(promotion.MinImprovement)}";
        gates.Add(new GateResult(ChampionGate, passed, observed, threshold, passed
            ? $"{best.Id} beats champion v{champion.Version} on {metric} by {F(improvement)} (required {F(promotion.MinImprovement)})"
            : $"{best.Id} does not beat champion v{champion.Version} on {metric} by the required {F(promotion.MinImprovement)} (Δ {F(improvement, signed: true)}); champion kept"));
        return new Decision(passed, best.Id, gates);
    }

    private static string F(double value, bool signed = false) =>
        (signed && value > 0 ? "+" : "") + value.ToString("0.0000", CultureInfo.InvariantCulture);
}
