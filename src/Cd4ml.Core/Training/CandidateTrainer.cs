using System.Diagnostics;
using System.Security.Cryptography;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Decisions;
using Microsoft.ML;

namespace Cd4ml.Core.Training;

/// <summary>A trained candidate: the model zip, what it scored on the holdout, its per-row answers, and what training cost.</summary>
public sealed record TrainedCandidate
{
    /// <summary>The trainer with the parameters it was trained with (one grid point).</summary>
    public required TrainerSpec Trainer { get; init; }

    /// <summary>The saved model (featurization and predictor), with fixed entry timestamps so the same model hashes the same.</summary>
    public required byte[] ModelZip { get; init; }

    /// <summary>SHA-256 of <see cref="ModelZip"/>, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public required HoldoutMetrics Metrics { get; init; }

    public required HoldoutPredictions Predictions { get; init; }

    /// <summary>Fitting the model on the training part (not evaluation, saving or cross-validation).</summary>
    public required TrainingCost Cost { get; init; }

    public double TrainingSeconds => Cost.Seconds;

    /// <summary>Null unless the spec asks for cross-validation.</summary>
    public CrossValidationResult? CrossValidation { get; init; }

    /// <summary>The metrics measured on validation rows of the training part; null when no validation was needed.</summary>
    public SelectionEvidence? Selection { get; init; }

    /// <summary>The decision threshold baked into a binary model; null for other tasks.</summary>
    public DecisionThreshold? Threshold { get; init; }

    /// <summary>Where training took its time besides the final fit: validation, holdout evaluation and saving (not loading or uploading).</summary>
    public CandidateSteps Steps { get; init; } = new();
}

/// <summary>Fits one trainer from the catalog on the training split and evaluates it on the holdout.</summary>
public static class CandidateTrainer
{
    /// <summary>The multiclass model's extra output: the predicted class's name (<c>PredictedLabel</c> is its key).</summary>
    public const string PredictedClassColumn = "PredictedClass";

    /// <summary>Trains with cross-validation only (<paramref name="crossValidationFolds"/> &gt; 0) and ML.NET's default threshold.</summary>
    public static TrainedCandidate Train(MLContext ml, TrainingData data, TrainerSpec trainer, int seed, int crossValidationFolds = 0) =>
        Train(ml, data, trainer, seed, ValidationPlan.CrossValidationOnly(crossValidationFolds));

    /// <summary>
    /// Trains <paramref name="trainer"/> (parameters only: expand grids first with <see cref="CandidatePlan"/>) for the
    /// data's task. Deterministic: with a fresh <see cref="MLContext"/> seeded like the run, the same data, trainer and
    /// seed give the same model bytes and metrics. The final model is fitted on the whole training part first; then,
    /// as <paramref name="validation"/> asks, validation rows of the training part are scored (cross-validation folds or
    /// a seeded inner split) for selection metrics and a binary decision threshold, which is baked into the model
    /// before it is evaluated on the holdout and saved.
    /// </summary>
    public static TrainedCandidate Train(MLContext ml, TrainingData data, TrainerSpec trainer, int seed, ValidationPlan validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (trainer.Grid.Count > 0)
        {
            throw new ArgumentException($"trainer '{trainer.Name}' still has a grid; expand it with CandidatePlan.Expand first", nameof(trainer));
        }

        var definition = TrainerCatalog.Find(data.Task, trainer.Name)
            ?? throw new ArgumentException($"trainer '{trainer.Name}' is not available for {data.Task}", nameof(trainer));

        ITransformer model;
        TrainingCost cost;
        using (var meter = ResourceMeter.Start())
        {
            model = Estimator(ml, data, definition, trainer, seed).Fit(data.Train);
            cost = meter.Stop();
        }

        var step = Stopwatch.StartNew();
        var validated = Validation.Run(ml, data, () => Estimator(ml, data, definition, trainer, seed), validation, seed);
        var (thresholded, threshold, selection) = Validation.ApplyThreshold(ml, model, data, validation, validated);
        var validationSeconds = Lap(step);

        var evaluation = HoldoutEvaluator.Evaluate(ml, thresholded, data);
        var evaluationSeconds = Lap(step);
        using var zip = new MemoryStream();
        ml.Model.Save(thresholded, data.Raw.Schema, zip);
        var bytes = DeterministicZip.Normalize(zip.ToArray());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));

        return new TrainedCandidate
        {
            Trainer = trainer,
            ModelZip = bytes,
            Sha256 = sha256,
            Metrics = evaluation.Metrics,
            Predictions = evaluation.Predictions,
            Cost = cost,
            CrossValidation = validated.CrossValidation,
            Selection = selection,
            Threshold = threshold,
            Steps = new CandidateSteps { Validation = validationSeconds, Evaluation = evaluationSeconds, Save = Lap(step) },
        };
    }

    private static double Lap(Stopwatch stopwatch)
    {
        var seconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        return seconds;
    }

    private static IEstimator<ITransformer> Estimator(MLContext ml, TrainingData data, TrainerDefinition definition, TrainerSpec trainer, int seed)
    {
        var featurizer = Featurizer.Build(ml, data.Plan, definition.NeedsNormalizedFeatures);

        // Every trainer passes over the rows several times (LightGbm: label, sampling and row-pushing passes; linear
        // trainers: every epoch), and the loader is lazy: without a cache each pass parses the CSV again. Caching the
        // featurized rows once made ML.NET LightGbm's CSV-to-model time 1.3x native LightGBM's instead of 2x
        // (benchmarks/RESULTS.md). The cache is not part of the saved model.
        // Rows already in memory featurize cheaply on each pass, and a trainer that copies them into its own
        // structure (FastTree) would hold them a third time: with the cache, FastTree fed from memory peaked about
        // 50% higher than from the file, same model.
        var cached = data.InMemory && definition.CopiesRowsItself ? featurizer : featurizer.AppendCacheCheckpoint(ml);
        var estimator = cached
            .Append(definition.Create(ml, trainer.Parameters, seed));
        return data.Task == TaskTypes.Multiclass
            ? estimator.Append(ml.Transforms.Conversion.MapKeyToValue(PredictedClassColumn, "PredictedLabel"))
            : estimator;
    }
}
