namespace Cd4ml.Core.Training.Decisions;

/// <summary>Where a candidate's selection metrics were measured: never on the holdout.</summary>
public static class SelectionSources
{
    /// <summary>The mean over the folds of k-fold cross-validation of the training part (<c>crossValidation</c> in the spec).</summary>
    public const string CrossValidation = "cross-validation";

    /// <summary>A seeded split of the training part: fitted on the rest, measured on it.</summary>
    public const string ValidationSplit = "validation-split";
}

/// <summary>
/// The metrics a candidate is selected on when several compete, measured on validation rows of the training part,
/// so the holdout is left for one honest comparison of the winner with the champion. Threshold metrics (f1,
/// accuracy, businessValue) are at the candidate's decision threshold on the pooled validation rows.
/// </summary>
public sealed record SelectionEvidence(string Source, IReadOnlyDictionary<string, double> Metrics, long? Rows);

/// <summary>Where a binary model's decision threshold came from.</summary>
public static class ThresholdSources
{
    public const string Default = "default";
    public const string Spec = "spec";
    public const string Tuned = "tuned";
}

/// <summary>
/// The decision threshold baked into a binary model: rows whose <c>Score</c> is above <see cref="Score"/> are predicted
/// positive. <see cref="Probability"/> is the same point as a probability (null for an uncalibrated trainer).
/// Tuned thresholds name the metric they maximise and the rows they were chosen on.
/// </summary>
public sealed record DecisionThreshold(double Score, double? Probability, string Source, string? TunedFor = null, string? ChosenOn = null)
{
    public override string ToString()
    {
        var point = Probability is { } p
            ? FormattableString.Invariant($"probability {p:0.####} (Score {Score:0.####})")
            : FormattableString.Invariant($"Score {Score:0.####}");
        return Source switch
        {
            ThresholdSources.Tuned => $"{point}, tuned for {TunedFor} on {ChosenOn}",
            ThresholdSources.Spec => $"{point}, set in the spec (promotion.threshold)",
            _ => $"{point}, ML.NET's default",
        };
    }
}
