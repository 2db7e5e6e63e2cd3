using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>
/// A binary model's raw scores on rows it was not trained on (cross-validation folds or the inner validation split),
/// with their labels: what a decision threshold is chosen on. <see cref="Score"/> is the column ML.NET thresholds
/// (<c>Score</c>: the margin for every binary trainer; for calibrated ones the probability is monotone in it).
/// </summary>
public sealed record ValidationScores(bool[] Label, float[] Score)
{
    public int Rows => Label.Length;

    /// <summary>Reads the label and the raw score of a scored binary view.</summary>
    public static ValidationScores Read(IDataView scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return new ValidationScores([.. scored.GetColumn<bool>(TrainingData.LabelColumn)], [.. scored.GetColumn<float>("Score")]);
    }

    /// <summary>Several sets of rows as one (the folds of a cross-validation, each scored by its own model).</summary>
    public static ValidationScores Concat(IEnumerable<ValidationScores> parts)
    {
        var list = parts.ToList();
        return new ValidationScores([.. list.SelectMany(p => p.Label)], [.. list.SelectMany(p => p.Score)]);
    }

    /// <summary>The confusion counts when rows scoring above <paramref name="threshold"/> are predicted positive.</summary>
    public ConfusionCounts At(double threshold) => ConfusionCounts.Of(Label, [.. Score.Select(s => s > threshold)]);
}
