using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>
/// What a candidate measures on validation rows of the training part besides being fitted: selection metrics when
/// several candidates compete, and the rows a binary decision threshold is tuned on. The holdout is never used here.
/// </summary>
public sealed record ValidationPlan
{
    /// <summary>k of k-fold cross-validation; 0: a seeded inner split is used when validation rows are needed.</summary>
    public int CrossValidationFolds { get; init; }

    /// <summary>True when more than one candidate competes, so the winner is picked on validation metrics.</summary>
    public bool Select { get; init; }

    public ThresholdSpec Threshold { get; init; } = new() { Mode = ThresholdSpec.Default };

    /// <summary>The spec's primary metric: what a threshold is tuned for unless the spec names another.</summary>
    public string? PrimaryMetric { get; init; }

    /// <summary>The share of the training part held out as the inner validation split (the spec's test fraction).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Cross-validation only, as before validation plans: no selection metrics, ML.NET's default threshold.</summary>
    public static ValidationPlan CrossValidationOnly(int folds) => new() { CrossValidationFolds = folds };

    /// <summary>The plan for one candidate of a run of <paramref name="spec"/> with <paramref name="candidates"/> candidates.</summary>
    public static ValidationPlan For(PipelineSpec spec, int candidates)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ValidationPlan
        {
            CrossValidationFolds = spec.CrossValidationFolds,
            Select = candidates > 1,
            Threshold = spec.Promotion.Threshold ?? new ThresholdSpec(),
            PrimaryMetric = spec.Promotion.PrimaryMetric,
            ValidationFraction = spec.TestFraction,
        };
    }

    /// <summary>The metric the threshold is tuned for, or null when it is not tuned (not binary, fixed, default, or a threshold-free primary metric).</summary>
    public string? TuneFor(string task) =>
        task != TaskTypes.Binary || Threshold.Mode != ThresholdSpec.Tuned
            ? null
            : Threshold.TuneFor ?? (PrimaryMetric is { } m && ThresholdMetrics.DependsOnThreshold(m) ? m : null);

    /// <summary>True when validation rows must be scored: cross-validation asked for, selection, or a tuned threshold.</summary>
    public bool NeedsValidation(string task) => CrossValidationFolds > 0 || Select || TuneFor(task) is not null;
}
