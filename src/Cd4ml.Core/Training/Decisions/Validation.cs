using Cd4ml.Core.Specs;
using Microsoft.ML;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>What scoring validation rows of the training part gave: cross-validation, selection metrics, binary scores.</summary>
internal sealed record ValidationOutcome(CrossValidationResult? CrossValidation, SelectionEvidence? Selection, ValidationScores? Scores)
{
    public static ValidationOutcome None { get; } = new(null, null, null);
}

/// <summary>Scores validation rows of the training part for a candidate and sets its decision threshold from them.</summary>
internal static class Validation
{
    public static ValidationOutcome Run(MLContext ml, TrainingData data, Func<IEstimator<ITransformer>> estimator, ValidationPlan plan, int seed)
    {
        if (!plan.NeedsValidation(data.Task))
        {
            return ValidationOutcome.None;
        }

        if (plan.CrossValidationFolds > 0)
        {
            var (cv, outOfFold) = CrossValidation.Run(ml, data, estimator, plan.CrossValidationFolds, seed);
            return new ValidationOutcome(cv, new SelectionEvidence(SelectionSources.CrossValidation, cv.Mean, outOfFold?.Rows), outOfFold);
        }

        // Seeded like the run, so every candidate is fitted and measured on the same inner rows.
        var split = ml.Data.TrainTestSplit(data.Train, plan.ValidationFraction, seed: seed);
        var scored = ScoredColumns.Cache(ml, estimator().Fit(split.TrainSet).Transform(split.TestSet), []);
        var metrics = HoldoutEvaluator.Metrics(ml, scored, data.Task, data.Classes, data.BusinessValue);
        return new ValidationOutcome(null, new SelectionEvidence(SelectionSources.ValidationSplit, metrics.Values, metrics.HoldoutRows),
            data.Task == TaskTypes.Binary ? ValidationScores.Read(scored) : null);
    }

    /// <summary>
    /// Sets a binary model's threshold (the spec's, tuned on the validation scores, or ML.NET's default) and recounts the
    /// selection's threshold metrics at it on the pooled validation rows. Other tasks pass through unchanged.
    /// </summary>
    public static (ITransformer Model, DecisionThreshold? Threshold, SelectionEvidence? Selection) ApplyThreshold(
        MLContext ml, ITransformer model, TrainingData data, ValidationPlan plan, ValidationOutcome validated)
    {
        if (data.Task != TaskTypes.Binary)
        {
            return (model, null, validated.Selection);
        }

        DecisionThreshold threshold;
        if (plan.Threshold is { Mode: ThresholdSpec.Fixed, Value: { } probability })
        {
            var score = ModelThreshold.ScoreFor(model, probability);
            threshold = new DecisionThreshold(score, ModelThreshold.Probability(model, score), ThresholdSources.Spec);
        }
        else if (plan.TuneFor(data.Task) is { } metric && validated.Scores is { Rows: > 0 } rows)
        {
            var tuned = ThresholdTuner.Choose(rows, metric, data.BusinessValue);
            threshold = new DecisionThreshold(tuned.Score, ModelThreshold.Probability(model, tuned.Score), ThresholdSources.Tuned, metric,
                validated.Selection?.Source ?? SelectionSources.ValidationSplit);
        }
        else
        {
            var score = ModelThreshold.Of(model);
            return (model, new DecisionThreshold(score, ModelThreshold.Probability(model, score), ThresholdSources.Default), validated.Selection);
        }

        var selection = validated.Selection;
        if (selection is not null && validated.Scores is { Rows: > 0 } validation)
        {
            var counts = validation.At(threshold.Score);
            var recounted = new Dictionary<string, double>(selection.Metrics, StringComparer.Ordinal);
            foreach (var name in ThresholdMetrics.All.Where(m => m != BinaryMetricNames.BusinessValue || data.BusinessValue is not null))
            {
                recounted[name] = ThresholdMetrics.Value(name, counts, data.BusinessValue);
            }

            selection = selection with { Metrics = recounted };
        }

        return (ModelThreshold.Apply(ml, model, threshold.Score), threshold, selection);
    }
}
