using Cd4ml.Core.Data;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Scores a champion version on a run's holdout and stages its answer for every row, so candidates and champion are
/// compared on exactly the same rows. Used when the run evaluates the champion, and again at promotion time when the
/// champion changed in between.
/// </summary>
public sealed class ChampionScorer(
    ModelRegistry registry, SnapshotCache cache, ProfileStore profiles, RunArtifacts artifacts, RunSpecs specs, IOptions<ResourceLimits> limits)
{
    /// <summary>Scores <paramref name="alias"/>'s version on the run's holdout and stages the answers at <paramref name="stageAt"/>.</summary>
    public async Task<ChampionResult> ScoreAsync(
        AliasRecord alias, string pipeline, string sha256, PipelineSpec? inlineSpec, DatasetShape shape, string runId, BlobAddress stageAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alias);
        var manifest = await registry.GetManifestAsync(pipeline, alias.Version, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return new ChampionResult(alias.Version, alias.RunId, new Dictionary<string, double>(), $"champion v{alias.Version} has no manifest") { Generation = alias.Generation };
        }

        try
        {
            // The hash is checked before ML.NET sees the bytes: a tampered or partial model is never loaded.
            // So is its size, before it is downloaded: a model over the cap is reported, never retried.
            var zip = await registry.DownloadVerifiedModelAsync(manifest, limits.Value.MaxModelBytes, ct).ConfigureAwait(false);
            var path = await cache.GetLocalPathAsync(pipeline, sha256).ConfigureAwait(false);
            var spec = await specs.ResolveAsync(inlineSpec, pipeline, runId).ConfigureAwait(false);
            var ml = new MLContext(spec.Seed);
            var data = await TrainingInputs.LoadAsync(ml, path, profiles, pipeline, sha256, spec, shape).ConfigureAwait(false);
            using var stream = zip.ToStream();
            var model = ml.Model.Load(stream, out _);
            var evaluation = HoldoutEvaluator.Evaluate(ml, model, data);
            var predictions = await artifacts.StageAsync(stageAt, BinaryData.FromBytes(HoldoutPredictionsJson.Serialize(evaluation.Predictions)), ct).ConfigureAwait(false);
            return new ChampionResult(manifest.Version, manifest.RunId, evaluation.Metrics.Values, evaluation.Metrics.Problem)
            {
                PredictionsBlob = predictions.ToString(),
                Generation = alias.Generation,
            };
        }
        catch (Exception ex) when (ex is InvalidDataException or ModelTooLargeException or InvalidOperationException or ArgumentException or FormatException)
        {
            return new ChampionResult(manifest.Version, manifest.RunId, new Dictionary<string, double>(), ex.Message) { Generation = alias.Generation };
        }
    }
}
