namespace Cd4ml.Core.Promotion;

/// <summary>
/// One group (one value of a sensitive column) of the winner's holdout predictions, for the model card's
/// fairness table. A rate is null when it is not defined for the group or the task (no positive rows, multiclass).
/// <c>Gated</c> is false for groups smaller than the spec's <c>minGroupRows</c>: reported, not judged.
/// </summary>
public sealed record FairnessGroup(
    string Column,
    string Group,
    int Rows,
    int Positives,
    double? SelectionRate,
    double? TruePositiveRate,
    double? ErrorRate,
    bool Gated)
{
    /// <summary>The mean business value per row of the group (binary, when the spec defines <c>promotion.businessValue</c>).</summary>
    public double? BusinessValue { get; init; }

    /// <summary>The named rate, or null.</summary>
    public double? Rate(string metric) => metric switch
    {
        FairnessMetricNames.SelectionRate => SelectionRate,
        FairnessMetricNames.TruePositiveRate => TruePositiveRate,
        FairnessMetricNames.ErrorRate => ErrorRate,
        _ => null,
    };
}
