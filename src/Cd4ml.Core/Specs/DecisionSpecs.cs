using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Specs;

/// <summary>
/// What each outcome of a binary decision is worth per row (<c>promotion.businessValue</c>): a missed default can
/// cost five times a refused good loan. Values are in the user's money-like unit; costs are negative.
/// </summary>
public sealed record BusinessValueSpec(double TruePositive, double FalsePositive, double FalseNegative, double TrueNegative)
{
    /// <summary>Mean value per row of the counts; NaN when there are no rows.</summary>
    public double MeanValue(ConfusionCounts counts) => counts.Rows == 0
        ? double.NaN
        : ((counts.TruePositives * TruePositive) + (counts.FalsePositives * FalsePositive)
            + (counts.FalseNegatives * FalseNegative) + (counts.TrueNegatives * TrueNegative)) / counts.Rows;
}

/// <summary>
/// How a binary model's decision threshold is set (<c>promotion.threshold</c>): tuned on validation data for a
/// threshold metric, fixed by the spec, or ML.NET's default (Score 0, probability 0.5).
/// </summary>
public sealed record ThresholdSpec
{
    public const string Tuned = "tuned";
    public const string Fixed = "fixed";
    public const string Default = "default";

    /// <summary>One of <see cref="Tuned"/>, <see cref="Fixed"/>, <see cref="Default"/>.</summary>
    public string Mode { get; init; } = Tuned;

    /// <summary>Fixed: the probability (calibrated trainers) or Score (uncalibrated ones) above which a row is positive.</summary>
    public double? Value { get; init; }

    /// <summary>Tuned: the metric it maximises; null means the primary metric when it depends on the threshold.</summary>
    public string? TuneFor { get; init; }
}
