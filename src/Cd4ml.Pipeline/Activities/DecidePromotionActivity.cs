using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Applies the promotion policy. It runs as an activity, not in the orchestrator, because the significance and
/// fairness gates read every holdout row's predictions from storage; the policy itself is pure and seeded.
/// </summary>
public sealed class DecidePromotionActivity(RunArtifacts artifacts, RunSpecs specs) : TaskActivity<DecideInput, Decision>
{
    public override async Task<Decision> RunAsync(TaskActivityContext context, DecideInput input)
    {
        var candidates = new List<CandidateEvaluation>();
        foreach (var c in input.Candidates)
        {
            candidates.Add(new CandidateEvaluation(c.Id, c.Metrics, c.Problem, await ReadAsync(c.PredictionsBlob).ConfigureAwait(false)));
        }

        var champion = input.Champion is { } ch
            ? new ChampionEvaluation(ch.Version, ch.Metrics, ch.Problem, await ReadAsync(ch.PredictionsBlob).ConfigureAwait(false))
            : null;
        var spec = await specs.ResolveAsync(input.Spec, input.Run?.Pipeline ?? "", input.Run?.RunId).ConfigureAwait(false);
        return PromotionPolicy.Decide(spec, candidates, champion);
    }

    private async Task<HoldoutPredictions?> ReadAsync(string? blob)
    {
        if (blob is null)
        {
            return null;
        }

        var content = await artifacts.ReadAsync(blob).ConfigureAwait(false);
        return HoldoutPredictionsJson.Deserialize(content.ToMemory().Span);
    }
}
