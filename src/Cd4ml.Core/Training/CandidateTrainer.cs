using System.Diagnostics;
using System.Security.Cryptography;
using Cd4ml.Core.Specs;
using Microsoft.ML;

namespace Cd4ml.Core.Training;

/// <summary>A trained candidate: the model zip and what it scored on the holdout.</summary>
public sealed record TrainedCandidate(byte[] ModelZip, string Sha256, HoldoutMetrics Metrics, double TrainingSeconds);

/// <summary>Fits one trainer from the catalog on the training split and evaluates it on the holdout.</summary>
public static class CandidateTrainer
{
    public static TrainedCandidate Train(MLContext ml, TrainingData data, TrainerSpec trainer, int seed)
    {
        var definition = TrainerCatalog.Find(trainer.Name)
            ?? throw new ArgumentException($"unknown trainer '{trainer.Name}'", nameof(trainer));

        var stopwatch = Stopwatch.StartNew();
        var estimator = Featurizer.Build(ml, data.Features, definition.NeedsNormalizedFeatures)
            .Append(definition.Create(ml, trainer.Parameters, seed));
        var model = estimator.Fit(data.Train);
        stopwatch.Stop();

        var metrics = HoldoutEvaluator.Evaluate(ml, model, data.Holdout);
        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Raw.Schema, zip);
        var bytes = DeterministicZip.Normalize(zip.ToArray());
        return new TrainedCandidate(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), metrics, stopwatch.Elapsed.TotalSeconds);
    }
}
