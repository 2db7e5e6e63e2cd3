using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Scores the current champion on this run's holdout, so it is compared with the candidates on exactly the
/// same rows, and stages its answer for every holdout row for the paired comparison. Returns null when there is no
/// champion yet.
/// </summary>
public sealed class EvaluateChampionActivity(ModelRegistry registry, SnapshotCache cache, ProfileStore profiles, RunArtifacts artifacts, RunSpecs specs)
    : TaskActivity<EvaluateChampionInput, ChampionResult?>
{

    public override async Task<ChampionResult?> RunAsync(TaskActivityContext context, EvaluateChampionInput input)
    {
        var (alias, _) = await registry.GetAliasAsync(input.Pipeline, ModelRegistry.Champion).ConfigureAwait(false);
        if (alias is null)
        {
            return null;
        }

        var manifest = await registry.GetManifestAsync(input.Pipeline, alias.Version).ConfigureAwait(false);
        if (manifest is null)
        {
            return new ChampionResult(alias.Version, alias.RunId, new Dictionary<string, double>(), $"champion v{alias.Version} has no manifest") { Generation = alias.Generation };
        }

        try
        {
            // The hash is checked before ML.NET sees the bytes: a tampered or partial model is never loaded.
            var zip = await registry.DownloadVerifiedModelAsync(manifest).ConfigureAwait(false);
            var path = await cache.GetLocalPathAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
            var spec = await specs.ResolveAsync(input.Spec, input.Pipeline, input.RunId).ConfigureAwait(false);
            var ml = new MLContext(spec.Seed);
            var data = await TrainingInputs.LoadAsync(ml, path, profiles, input.Pipeline, input.Sha256, spec, input.Shape).ConfigureAwait(false);
            using var stream = zip.ToStream();
            var model = ml.Model.Load(stream, out _);
            var evaluation = HoldoutEvaluator.Evaluate(ml, model, data);
            var predictions = await artifacts.StageAsync(RunArtifacts.ChampionPredictions(input.Pipeline, input.RunId),
                BinaryData.FromBytes(HoldoutPredictionsJson.Serialize(evaluation.Predictions))).ConfigureAwait(false);
            return new ChampionResult(manifest.Version, manifest.RunId, evaluation.Metrics.Values, evaluation.Metrics.Problem)
            {
                PredictionsBlob = predictions.ToString(),
                Generation = alias.Generation,
            };
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or ArgumentException or FormatException)
        {
            return new ChampionResult(manifest.Version, manifest.RunId, new Dictionary<string, double>(), ex.Message) { Generation = alias.Generation };
        }
    }
}
