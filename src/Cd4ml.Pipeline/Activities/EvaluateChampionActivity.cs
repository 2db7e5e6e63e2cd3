using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Scores the current champion on this run's holdout, so it is compared with the candidates on exactly the
/// same rows, and stages its answer for every holdout row for the paired comparison. Returns null when there is no
/// champion yet.
/// </summary>
public sealed class EvaluateChampionActivity(ModelRegistry registry, ChampionScorer scorer) : TaskActivity<EvaluateChampionInput, ChampionResult?>
{
    public override async Task<ChampionResult?> RunAsync(TaskActivityContext context, EvaluateChampionInput input)
    {
        var (alias, _) = await registry.GetAliasAsync(input.Pipeline, ModelRegistry.Champion).ConfigureAwait(false);
        return alias is null
            ? null
            : await scorer.ScoreAsync(alias, input.Pipeline, input.Sha256, input.Spec, input.Shape, input.RunId,
                RunArtifacts.ChampionPredictions(input.Pipeline, input.RunId)).ConfigureAwait(false);
    }
}
