using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>A chosen threshold on the Score column and the metric it reached on the rows it was chosen on.</summary>
public sealed record TunedThreshold(double Score, double Value);

/// <summary>
/// Chooses the Score threshold that maximises a threshold metric on validation rows. Every cut between two distinct
/// scores is tried (the threshold is the midpoint, so ties never fall on it), and "nobody positive" above the top;
/// of equal values the highest threshold wins, so the choice is deterministic.
/// </summary>
public static class ThresholdTuner
{
    public static TunedThreshold Choose(ValidationScores rows, string metric, BusinessValueSpec? businessValue)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Rows == 0)
        {
            throw new ArgumentException("no validation rows to choose a threshold on", nameof(rows));
        }

        var order = Enumerable.Range(0, rows.Rows).Where(i => float.IsFinite(rows.Score[i])).OrderByDescending(i => rows.Score[i]).ToArray();
        long positives = order.LongCount(i => rows.Label[i]), negatives = order.Length - positives;
        long tp = 0, fp = 0;

        // Above the highest score: nobody is predicted positive.
        var bestThreshold = order.Length == 0 ? 0 : rows.Score[order[0]] + 1.0;
        var best = ThresholdMetrics.Value(metric, new ConfusionCounts(0, 0, positives, negatives), businessValue);
        for (var k = 0; k < order.Length; k++)
        {
            if (rows.Label[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            var score = rows.Score[order[k]];
            if (k + 1 < order.Length && rows.Score[order[k + 1]] == score)
            {
                continue;
            }

            var value = ThresholdMetrics.Value(metric, new ConfusionCounts(tp, fp, positives - tp, negatives - fp), businessValue);
            if (double.IsFinite(value) && (!double.IsFinite(best) || value > best))
            {
                best = value;
                bestThreshold = k + 1 < order.Length ? (score + (double)rows.Score[order[k + 1]]) / 2 : score - 1.0;
            }
        }

        return new TunedThreshold(bestThreshold, best);
    }
}
