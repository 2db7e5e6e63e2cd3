using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using static Cd4ml.Core.Promotion.GateText;

namespace Cd4ml.Core.Promotion;

/// <summary>
/// Decides whether the best candidate replaces the champion. Pure and deterministic (the bootstrap is seeded
/// from the spec), so a decision can be recomputed and unit-tested without storage. Every gate is recorded
/// with its verdict, the observed value, the threshold and a sentence of reason; the candidate is promoted
/// only when every gate passes. See docs/promotion.md.
/// </summary>
public static partial class PromotionPolicy
{
    public const string CandidateGate = "best-candidate";
    public const string MinValueGate = "min-value";
    public const string ChampionGate = "champion-comparison";
    public const string SignificanceGate = "significance";
    public const string GuardrailGate = "guardrails";
    public const string FairnessGate = "fairness";

    /// <summary>The gate the pipeline appends (<see cref="Decision.WithGate"/>) after smoke-testing the winner.</summary>
    public const string SmokeTestGate = "smoke-test";

    private const string NoChampionYet = "no champion yet";

    /// <summary>Decides with every gate of the spec's promotion policy, seeded from the spec's seed.</summary>
    public static Decision Decide(PipelineSpec spec, IReadOnlyList<CandidateEvaluation> candidates, ChampionEvaluation? champion)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Decide(spec.Promotion, spec.Task, spec.Seed, candidates, champion);
    }

    /// <summary>
    /// Decides with every gate: best-candidate, min-value, champion-comparison, significance, guardrails and
    /// fairness. Without a champion only min-value and fairness judge; the champion gates are recorded as
    /// passed with the reason "no champion yet".
    /// </summary>
    public static Decision Decide(
        PromotionSpec promotion, string task, int seed, IReadOnlyList<CandidateEvaluation> candidates, ChampionEvaluation? champion)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(candidates);
        return Decide(promotion, new Evidence(task, seed), candidates, champion);
    }

    /// <summary>
    /// Decides on metrics alone: best-candidate, min-value, champion-comparison and guardrails. Significance and
    /// fairness need holdout predictions and are not evaluated here; callers that have predictions use
    /// <see cref="Decide(PipelineSpec, IReadOnlyList{CandidateEvaluation}, ChampionEvaluation?)"/>.
    /// </summary>
    public static Decision Decide(PromotionSpec promotion, IReadOnlyList<CandidateScore> candidates, ChampionScore? champion)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        ArgumentNullException.ThrowIfNull(candidates);
        return Decide(
            promotion,
            evidence: null,
            candidates.Select(c => new CandidateEvaluation(c.Id, c.Metrics, c.Problem)).ToList(),
            champion is null ? null : new ChampionEvaluation(champion.Version, champion.Metrics, champion.Problem));
    }

    // evidence null: metrics only, the gates that need predictions are left out.
    private static Decision Decide(
        PromotionSpec promotion, Evidence? evidence, IReadOnlyList<CandidateEvaluation> candidates, ChampionEvaluation? champion)
    {
        var metric = promotion.PrimaryMetric;
        var gates = new List<GateResult>();

        var (best, ranking) = BestCandidate(metric, candidates, gates);
        if (best is null)
        {
            return new Decision(false, null, gates) { Ranking = ranking };
        }

        MinValues(promotion, best, gates);

        SignificanceResult? significance = null;
        if (champion is null)
        {
            gates.Add(new GateResult(ChampionGate, true, "no champion", "-", "there is no champion yet, so the best candidate becomes the first one"));
            if (evidence is not null && promotion.Significance.Enabled)
            {
                gates.Add(new GateResult(SignificanceGate, true, "no champion", SignificanceThreshold(promotion.Significance),
                    $"{NoChampionYet}: there is nothing to compare against"));
            }

            foreach (var guarded in promotion.MaxDrop.Keys.Order(StringComparer.Ordinal))
            {
                gates.Add(new GateResult(GuardrailGate, true, $"{guarded}: no champion", $"drop ≤ {F(promotion.MaxDrop[guarded])}",
                    $"{NoChampionYet}: there is no {guarded} to hold"));
            }
        }
        else if (ChampionComparison(promotion, best, champion, gates))
        {
            if (evidence is not null && promotion.Significance.Enabled)
            {
                significance = Significance(promotion, evidence, best, champion, gates);
            }

            Guardrails(promotion, best, champion, gates);
        }

        IReadOnlyList<FairnessGroup>? fairness = null;
        if (evidence is not null && promotion.Fairness is { } fairnessSpec)
        {
            var (fairnessGates, groups) = GroupFairness.Evaluate(fairnessSpec, evidence.Task, best.Id, best.Predictions, promotion.BusinessValue);
            gates.AddRange(fairnessGates);
            fairness = groups;
        }

        return new Decision(gates.All(g => g.Passed), best.Id, gates) { Fairness = fairness, Significance = significance, Ranking = ranking };
    }

    /// <summary>For a lower-is-better metric (logLoss, rmse, mae) the least acceptable value is a ceiling.</summary>
    private static void MinValues(PromotionSpec promotion, CandidateEvaluation best, List<GateResult> gates)
    {
        foreach (var (metric, least) in promotion.MinValue.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var higherIsBetter = MetricCatalog.HigherIsBetter(metric);
            var threshold = $"{metric} {(higherIsBetter ? "≥" : "≤")} {F(least)}";
            if (!best.Metrics.TryGetValue(metric, out var value) || !double.IsFinite(value))
            {
                gates.Add(new GateResult(MinValueGate, false, $"{metric} undefined", threshold,
                    $"{best.Id}'s {metric} is undefined on the holdout, so it cannot be shown to reach {F(least)}; not promoted"));
                continue;
            }

            var passed = higherIsBetter ? value >= least - Tolerance : value <= least + Tolerance;
            gates.Add(new GateResult(MinValueGate, passed, $"{metric} {F(value)}", threshold, passed
                ? $"{best.Id}'s {metric} {F(value)} meets the required {threshold}"
                : $"{best.Id}'s {metric} {F(value)} misses the required {threshold}; not promoted"));
        }
    }

    /// <summary>Adds the comparison gate; false when the champion cannot be compared at all (then nothing else against it is).</summary>
    private static bool ChampionComparison(PromotionSpec promotion, CandidateEvaluation best, ChampionEvaluation champion, List<GateResult> gates)
    {
        var metric = promotion.PrimaryMetric;
        if (champion.Problem is not null || !champion.Metrics.TryGetValue(metric, out var championValue) || !double.IsFinite(championValue))
        {
            gates.Add(new GateResult(ChampionGate, false, "champion not comparable", $"finite champion {metric}",
                $"champion v{Count(champion.Version)} could not be evaluated on this holdout ({champion.Problem ?? $"{metric} undefined"}); " +
                "keeping it until it is replaced by hand"));
            return false;
        }

        var bestValue = best.Metrics[metric];
        var improvement = MetricCatalog.HigherIsBetter(metric) ? bestValue - championValue : championValue - bestValue;
        var champ = $"champion v{Count(champion.Version)}";
        if (!promotion.RelativeImprovement)
        {
            var passed = improvement > Tolerance && improvement >= promotion.MinImprovement - Tolerance;
            gates.Add(new GateResult(ChampionGate, passed,
                $"{F(bestValue)} vs {F(championValue)} (Δ {F(improvement, signed: true)})",
                $"Δ ≥ {F(promotion.MinImprovement)}",
                passed
                    ? $"{best.Id} beats {champ} on {metric} by {F(improvement)} (required {F(promotion.MinImprovement)})"
                    : $"{best.Id} does not beat {champ} on {metric} by the required {F(promotion.MinImprovement)} (Δ {F(improvement, signed: true)}); champion kept"));
            return true;
        }

        // A champion at exactly 0 has no relative scale: then any real improvement counts.
        var relative = championValue == 0 ? (double?)null : improvement / Math.Abs(championValue);
        var relativePassed = improvement > Tolerance && (relative is null || relative >= promotion.MinImprovement - Tolerance);
        var relativeText = relative is { } r ? Percent(r, signed: true) : "champion is 0";
        gates.Add(new GateResult(ChampionGate, relativePassed,
            $"{F(bestValue)} vs {F(championValue)} (Δ {F(improvement, signed: true)}, {relativeText})",
            $"Δ ≥ {Percent(promotion.MinImprovement)} of the champion's {metric}",
            relativePassed
                ? $"{best.Id} beats {champ} on {metric} by {relativeText.TrimStart('+')} (required {Percent(promotion.MinImprovement)})"
                : $"{best.Id} does not beat {champ} on {metric} by the required {Percent(promotion.MinImprovement)} (Δ {relativeText}); champion kept"));
        return true;
    }

    private static void Guardrails(PromotionSpec promotion, CandidateEvaluation best, ChampionEvaluation champion, List<GateResult> gates)
    {
        var champ = $"champion v{Count(champion.Version)}";
        foreach (var (metric, maxDrop) in promotion.MaxDrop.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var threshold = $"{metric} Δ ≥ {F(-maxDrop)}";
            var hasCandidate = best.Metrics.TryGetValue(metric, out var value) && double.IsFinite(value);
            var hasChampion = champion.Metrics.TryGetValue(metric, out var championValue) && double.IsFinite(championValue);
            if (!hasCandidate || !hasChampion)
            {
                var whose = !hasCandidate ? best.Id : champ;
                gates.Add(new GateResult(GuardrailGate, false, $"{metric} undefined", threshold,
                    $"{whose}'s {metric} is undefined on the holdout, so the guardrail cannot be checked; champion kept " +
                    $"(remove the {metric} guardrail or replace the champion by hand)"));
                continue;
            }

            // Δ is the change in the metric's good direction: negative is a drop.
            var change = MetricCatalog.HigherIsBetter(metric) ? value - championValue : championValue - value;
            var passed = -change <= maxDrop + Tolerance;
            gates.Add(new GateResult(GuardrailGate, passed,
                $"{metric} {F(value)} vs {F(championValue)} (Δ {F(change, signed: true)})", threshold, passed
                    ? $"{best.Id}'s {metric} is better than {champ}'s or at most {F(maxDrop)} worse (Δ {F(change, signed: true)})"
                    : $"{best.Id}'s {metric} is {F(-change)} worse than {champ}'s, more than the allowed {F(maxDrop)}; champion kept"));
        }
    }

    /// <summary>What the gates that need predictions need besides them: the task and the bootstrap's seed.</summary>
    private sealed record Evidence(string Task, int Seed);
}
