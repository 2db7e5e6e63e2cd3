using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Applies the promotion policy to staged holdout answers: the candidates' and the champion's, read from their
/// blobs. The policy itself is pure and seeded, so the same answers give the same decision.
/// </summary>
public sealed class PromotionDecider(RunArtifacts artifacts)
{
    public async Task<Decision> DecideAsync(PipelineSpec spec, IReadOnlyList<CandidateResult> candidates, ChampionResult? champion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var evaluations = new List<CandidateEvaluation>();
        foreach (var c in candidates)
        {
            evaluations.Add(new CandidateEvaluation(c.Id, c.Metrics, c.Problem, await ReadAsync(c.PredictionsBlob, ct).ConfigureAwait(false))
            {
                Selection = c.Selection,
            });
        }

        var scored = champion is { } ch
            ? new ChampionEvaluation(ch.Version, ch.Metrics, ch.Problem, await ReadAsync(ch.PredictionsBlob, ct).ConfigureAwait(false))
            : null;
        return PromotionPolicy.Decide(spec, evaluations, scored);
    }

    private async Task<HoldoutPredictions?> ReadAsync(string? blob, CancellationToken ct)
    {
        if (blob is null)
        {
            return null;
        }

        var content = await artifacts.ReadAsync(blob, ct).ConfigureAwait(false);
        return HoldoutPredictionsJson.Deserialize(content.ToMemory().Span);
    }
}
