using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training;

/// <summary>
/// A model's answer for every holdout row, in holdout order, so two models can be compared row by row
/// (paired bootstrap) and per group (fairness). Stored beside the candidate as <c>holdout.json</c>.
/// <list type="bullet">
/// <item>binary: <see cref="Label"/> 0/1, <see cref="Predicted"/> 0/1, <see cref="Score"/> the probability of the positive class (or the raw score when the trainer is uncalibrated).</item>
/// <item>multiclass: <see cref="Label"/> and <see cref="Predicted"/> are indexes into <see cref="Classes"/>, <see cref="Score"/> the probability given to the true class.</item>
/// <item>regression: <see cref="Label"/> the true value, <see cref="Predicted"/> and <see cref="Score"/> the prediction.</item>
/// </list>
/// </summary>
public sealed record HoldoutPredictions
{
    public required string Task { get; init; }

    /// <summary>Class names by index (multiclass), or [negative, positive] (binary); empty for regression.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    public required float[] Label { get; init; }

    public required float[] Predicted { get; init; }

    public required float[] Score { get; init; }

    /// <summary>True when <see cref="Score"/> is a calibrated probability (binary), so log-loss is defined.</summary>
    public bool Calibrated { get; init; }

    /// <summary>The holdout's values of each sensitive column (fairness), by column name, aligned with the rows.</summary>
    public IReadOnlyDictionary<string, string[]> Groups { get; init; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public int Rows => Label.Length;

    public static bool IsClassification(string task) => task is TaskTypes.Binary or TaskTypes.Multiclass;
}
