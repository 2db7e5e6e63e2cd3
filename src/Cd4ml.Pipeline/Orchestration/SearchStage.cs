using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Search;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// The training stage of a spec with a <c>search</c>: successive halving over the configurations <see cref="SearchPlan"/>
/// samples from the spec (pure, seeded, so replays plan the same). Each rung fans out one TrainCandidate activity per
/// configuration on the rung's share of the training rows; the best 1/eta by the selection metric go on. The last rung
/// trains at full size and its configurations are the run's candidates, so the holdout is still used only to compare
/// the winner with the champion.
/// </summary>
internal static class SearchStage
{
    public static async Task<(IReadOnlyList<CandidateResult> Candidates, SearchReport Report)> RunAsync(
        TaskOrchestrationContext context, PipelineSpec spec, Func<string, TrainerSpec, SearchBudget?, TrainCandidateInput> input)
    {
        var search = spec.Search!;
        var metric = spec.Promotion.PrimaryMetric;
        var plan = SearchPlan.For(spec);
        var alive = plan.Configurations;
        var rungs = new List<SearchRung>();
        IReadOnlyList<CandidateResult> results = [];
        foreach (var rung in plan.Rungs)
        {
            context.SetCustomStatus(new RunProgress(RunStages.Training,
                FormattableString.Invariant($"search rung {rung.Index + 1} of {plan.Rungs.Count}: {alive.Count} configuration(s) on {rung.Budget:0.####} of the training rows")));

            // Below the last rung a configuration trains under its own id with the rung appended, so its staged model does
            // not take the place of the full-size one; the last rung's ids are the candidates' ids.
            var budget = rung.IsFinal ? null : new SearchBudget(rung.Index, rung.Budget);
            var training = alive.Select(c => context.TrainCandidateAsync(input(rung.IsFinal ? c.Id : $"{c.Id}.r{rung.Index}", c.Trainer, budget)));
            var trained = await Task.WhenAll(training).ConfigureAwait(true);
            results = [.. trained.Select((r, i) => r with { Id = alive[i].Id })];

            var next = rung.IsFinal ? results.Count : plan.Rungs[rung.Index + 1].Size;
            var kept = SuccessiveHalving.Keep(results, metric, next).ToHashSet(StringComparer.Ordinal);
            rungs.Add(new SearchRung(rung.Index, rung.Budget, [.. results.Select((r, i) => new SearchTrial(
                r.Id, r.Trainer, alive[i].Trainer.Parameters, SuccessiveHalving.SelectionValue(r, metric), r.Selection?.Source,
                kept.Contains(r.Id), r.TrainingSeconds, r.Problem))]));
            alive = [.. alive.Where(c => kept.Contains(c.Id))];
        }

        return (results, new SearchReport(search.Strategy, search.Seed, search.Eta, search.MaxCandidates, metric, rungs));
    }
}
