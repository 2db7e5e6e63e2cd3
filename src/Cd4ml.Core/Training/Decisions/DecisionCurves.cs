using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>One point of a precision–recall curve.</summary>
public sealed record CurvePoint(double Recall, double Precision);

/// <summary>One bin of a calibration curve: the mean predicted probability of its rows and the share that were positive.</summary>
public sealed record CalibrationBin(double Low, double High, long Rows, double MeanPredicted, double ObservedRate);

/// <summary>
/// What a binary model's decisions look like on the holdout, small enough for a manifest: the precision–recall curve
/// (at most <see cref="MaxPoints"/> points), the point the decision threshold chose on it, and for a calibrated model
/// the calibration curve in ten equal-width bins with its expected calibration error (the rows' share-weighted mean
/// gap between predicted probability and observed rate).
/// </summary>
public sealed record DecisionCurves(
    IReadOnlyList<CurvePoint> PrecisionRecall, CurvePoint? Chosen, IReadOnlyList<CalibrationBin> Calibration, double? ExpectedCalibrationError)
{
    public const int MaxPoints = 100;
    private const int Bins = 10;

    /// <summary>The curves of binary holdout predictions; null for other tasks or a holdout without both classes.</summary>
    public static DecisionCurves? From(HoldoutPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Task != TaskTypes.Binary)
        {
            return null;
        }

        var rows = Enumerable.Range(0, predictions.Rows).Where(i => float.IsFinite(predictions.Score[i]) && predictions.Label[i] is 0f or 1f).ToArray();
        var positives = rows.Count(i => predictions.Label[i] == 1f);
        if (positives == 0 || positives == rows.Length)
        {
            return null;
        }

        var counts = ConfusionCounts.Of([.. rows.Select(i => predictions.Label[i] == 1f)], [.. rows.Select(i => predictions.Predicted[i] == 1f)]);
        var chosen = counts.TruePositives + counts.FalsePositives == 0 ? null : new CurvePoint(counts.Recall, counts.Precision);
        var calibration = predictions.Calibrated ? Calibrate(predictions, rows) : [];
        double? error = calibration.Count == 0 ? null : calibration.Sum(b => b.Rows * Math.Abs(b.MeanPredicted - b.ObservedRate)) / rows.Length;
        return new DecisionCurves(PrecisionRecallCurve(predictions, rows, positives), chosen, calibration, error);
    }

    private static List<CurvePoint> PrecisionRecallCurve(HoldoutPredictions p, int[] rows, int positives)
    {
        var order = rows.OrderByDescending(i => p.Score[i]).ToArray();
        var all = new List<CurvePoint>();
        long tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            _ = p.Label[order[k]] == 1f ? tp++ : fp++;
            if (k + 1 == order.Length || p.Score[order[k + 1]] != p.Score[order[k]])
            {
                all.Add(new CurvePoint((double)tp / positives, (double)tp / (tp + fp)));
            }
        }

        // Evenly spaced along the curve, keeping both ends.
        return all.Count <= MaxPoints
            ? all
            : [.. Enumerable.Range(0, MaxPoints).Select(j => all[(int)Math.Round(j * (all.Count - 1) / (double)(MaxPoints - 1))])];
    }

    private static List<CalibrationBin> Calibrate(HoldoutPredictions p, int[] rows)
    {
        var bins = new List<CalibrationBin>();
        for (var b = 0; b < Bins; b++)
        {
            var (low, high) = (b / (double)Bins, (b + 1) / (double)Bins);
            var inBin = rows.Where(i => p.Score[i] >= low && (p.Score[i] < high || (b == Bins - 1 && p.Score[i] <= high))).ToArray();
            if (inBin.Length > 0)
            {
                bins.Add(new CalibrationBin(low, high, inBin.Length, inBin.Average(i => (double)p.Score[i]), inBin.Average(i => (double)p.Label[i])));
            }
        }

        return bins;
    }
}
