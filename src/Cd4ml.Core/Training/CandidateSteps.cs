namespace Cd4ml.Core.Training;

/// <summary>
/// Where a candidate's time went besides fitting the final model (that is <see cref="TrainingCost.Seconds"/>), in wall
/// seconds on the worker that trained it: reading its data, fitting and scoring for validation (an inner split or
/// cross-validation), evaluating on the holdout, saving the model, and uploading it with its holdout answers. A run's
/// slowest step shows here before anywhere else.
/// </summary>
public sealed record CandidateSteps
{
    /// <summary>Reading the snapshot's columns (or waiting for another candidate that reads them) and splitting them.</summary>
    public double Load { get; init; }

    /// <summary>Fitting and scoring on validation rows of the training part: selection metrics and the threshold's rows.</summary>
    public double Validation { get; init; }

    /// <summary>Scoring the holdout and computing its metrics.</summary>
    public double Evaluation { get; init; }

    /// <summary>Saving the model to its zip and hashing it.</summary>
    public double Save { get; init; }

    /// <summary>Uploading the model and the holdout answers to the run's storage.</summary>
    public double Upload { get; init; }
}
