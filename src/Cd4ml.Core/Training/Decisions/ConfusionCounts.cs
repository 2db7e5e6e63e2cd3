namespace Cd4ml.Core.Training.Decisions;

/// <summary>How many rows of a binary task landed in each cell of the confusion matrix at one decision threshold.</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    public long Rows => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>NaN when there is no row to judge.</summary>
    public double Accuracy => Rows == 0 ? double.NaN : (double)(TruePositives + TrueNegatives) / Rows;

    /// <summary>NaN when there is no positive row and no positive prediction (F1 has nothing to say then).</summary>
    public double F1 => 2 * TruePositives + FalsePositives + FalseNegatives is var d && d == 0 ? double.NaN : 2.0 * TruePositives / d;

    public double Precision => TruePositives + FalsePositives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Counts rows: <paramref name="labels"/> true = positive, predicted positive when <paramref name="predicted"/> is true.</summary>
    public static ConfusionCounts Of(IReadOnlyList<bool> labels, IReadOnlyList<bool> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(predicted);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            switch (labels[i], predicted[i])
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (true, false): fn++; break;
                default: tn++; break;
            }
        }

        return new ConfusionCounts(tp, fp, fn, tn);
    }
}
