using System.Buffers;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Promotion;

/// <summary>
/// One metric of one model's holdout predictions, ready to be computed on any weighting of the rows: weight
/// <c>w[i]</c> counts row <c>i</c> that many times (0 leaves it out), which is exactly a bootstrap resample.
/// The scores are sorted once here, so each <see cref="Compute"/> is one pass without sorting or allocation.
/// Immutable, so one instance may be used from several threads.
/// </summary>
public sealed class PreparedMetric
{
    private const double Clip = 1e-15;

    private readonly Kind _kind;

    // auc and auprc: rows by score, highest first; a tie group starts where _groupStart is true.
    private readonly int[] _byScore = [];
    private readonly bool[] _positiveByScore = [];
    private readonly bool[] _groupStart = [];

    // Rows that make the metric undefined whenever they are counted (NaN label or score).
    private readonly int[] _invalidRows = [];

    // The additive metrics: a value per row (correct 0/1, loss, error), NaN when the row is unusable.
    private readonly double[] _perRow = [];

    // f1: 0 true negative, 1 false positive, 2 false negative, 3 true positive, 4 unusable.
    private readonly byte[] _confusion = [];

    // multiclass: label and predicted class indexes; regression: labels.
    private readonly int[] _labelClass = [];
    private readonly int[] _predictedClass = [];
    private readonly int _classes;
    private readonly float[] _label = [];

    internal PreparedMetric(HoldoutPredictions predictions, string metric, BusinessValueSpec? businessValue = null)
    {
        Metric = metric;
        Rows = predictions.Rows;
        _kind = KindOf(predictions.Task, metric, predictions.Calibrated);
        if (_kind == Kind.BusinessValue && businessValue is null)
        {
            _kind = Kind.Undefined;
        }

        switch (_kind)
        {
            case Kind.BusinessValue:
                // Each row is worth its confusion cell's value; the metric is the mean, so it resamples like accuracy.
                _perRow = PerRow(predictions, (l, p, _) => !IsBinary(l) || !IsBinary(p)
                    ? double.NaN
                    : (Positive(l), Positive(p)) switch
                    {
                        (true, true) => businessValue!.TruePositive,
                        (false, true) => businessValue!.FalsePositive,
                        (true, false) => businessValue!.FalseNegative,
                        _ => businessValue!.TrueNegative,
                    });
                break;
            case Kind.Auc or Kind.Auprc:
                (_byScore, _positiveByScore, _groupStart, _invalidRows) = SortByScore(predictions);
                break;
            case Kind.Accuracy:
                _perRow = PerRow(predictions, (l, p, _) => IsBinary(l) && IsBinary(p) ? (Positive(l) == Positive(p) ? 1 : 0) : double.NaN);
                break;
            case Kind.F1:
                _confusion = new byte[Rows];
                for (var i = 0; i < Rows; i++)
                {
                    var (l, p) = (predictions.Label[i], predictions.Predicted[i]);
                    _confusion[i] = !IsBinary(l) || !IsBinary(p) ? (byte)4 : (byte)((Positive(l) ? 2 : 0) + (Positive(p) ? 1 : 0));
                }

                break;
            case Kind.BinaryLogLoss:
                _perRow = PerRow(predictions, (l, _, s) => IsBinary(l) && float.IsFinite(s)
                    ? -Math.Log2(Math.Clamp(Positive(l) ? s : 1.0 - s, Clip, 1 - Clip))
                    : double.NaN);
                break;
            case Kind.MicroAccuracy or Kind.MacroAccuracy or Kind.MulticlassLogLoss or Kind.LogLossReduction:
                _classes = predictions.Classes.Count > 0 ? predictions.Classes.Count : ClassCountOf(predictions);
                (_labelClass, _predictedClass) = (ClassIndexes(predictions.Label, _classes), ClassIndexes(predictions.Predicted, _classes));
                _perRow = new double[Rows];
                for (var i = 0; i < Rows; i++)
                {
                    var (label, predicted, score) = (_labelClass[i], _predictedClass[i], predictions.Score[i]);
                    _perRow[i] = _kind is Kind.MicroAccuracy or Kind.MacroAccuracy
                        ? (label < 0 || predicted < 0 ? double.NaN : label == predicted ? 1 : 0)
                        : (label < 0 || float.IsNaN(score) ? double.NaN : -Math.Log(Math.Clamp(score, Clip, 1.0)));
                }

                break;
            case Kind.Rmse or Kind.RSquared:
                _label = predictions.Label;
                _perRow = PerRow(predictions, (l, _, s) => ((double)l - s) * ((double)l - s));
                break;
            case Kind.Mae:
                _perRow = PerRow(predictions, (l, _, s) => Math.Abs((double)l - s));
                break;
            case Kind.Undefined:
                break;
        }
    }

    private enum Kind
    {
        Undefined,
        Auc,
        Auprc,
        Accuracy,
        F1,
        BusinessValue,
        BinaryLogLoss,
        MicroAccuracy,
        MacroAccuracy,
        MulticlassLogLoss,
        LogLossReduction,
        Rmse,
        Mae,
        RSquared,
    }

    /// <summary>The metric's name, e.g. <c>auc</c>.</summary>
    public string Metric { get; }

    /// <summary>The holdout rows the predictions cover.</summary>
    public int Rows { get; }

    /// <summary>The metric with row <c>i</c> counted <c>weights[i]</c> times; NaN when undefined on those rows.</summary>
    public double Compute(ReadOnlySpan<int> weights)
    {
        if (weights.Length != Rows)
        {
            throw new ArgumentException($"expected a weight for each of the {Rows} rows, got {weights.Length}", nameof(weights));
        }

        return _kind switch
        {
            Kind.Auc or Kind.Auprc => Ranking(weights),
            Kind.Accuracy or Kind.BusinessValue or Kind.BinaryLogLoss or Kind.MulticlassLogLoss or Kind.MicroAccuracy or Kind.Mae => WeightedMean(weights),
            Kind.F1 => F1(weights),
            Kind.MacroAccuracy => MacroAccuracy(weights),
            Kind.LogLossReduction => LogLossReduction(weights),
            Kind.Rmse => Math.Sqrt(WeightedMean(weights)),
            Kind.RSquared => RSquared(weights),
            _ => double.NaN,
        };
    }

    private static Kind KindOf(string task, string metric, bool calibrated) => (task, metric) switch
    {
        (TaskTypes.Binary, BinaryMetricNames.Auc) => Kind.Auc,
        (TaskTypes.Binary, BinaryMetricNames.Auprc) => Kind.Auprc,
        (TaskTypes.Binary, BinaryMetricNames.Accuracy) => Kind.Accuracy,
        (TaskTypes.Binary, BinaryMetricNames.F1) => Kind.F1,
        (TaskTypes.Binary, BinaryMetricNames.BusinessValue) => Kind.BusinessValue,
        (TaskTypes.Binary, BinaryMetricNames.LogLoss) => calibrated ? Kind.BinaryLogLoss : Kind.Undefined,
        (TaskTypes.Multiclass, MetricCatalog.MicroAccuracy) => Kind.MicroAccuracy,
        (TaskTypes.Multiclass, MetricCatalog.MacroAccuracy) => Kind.MacroAccuracy,
        (TaskTypes.Multiclass, MetricCatalog.LogLoss) => Kind.MulticlassLogLoss,
        (TaskTypes.Multiclass, MetricCatalog.LogLossReduction) => Kind.LogLossReduction,
        (TaskTypes.Regression, MetricCatalog.Rmse) => Kind.Rmse,
        (TaskTypes.Regression, MetricCatalog.Mae) => Kind.Mae,
        (TaskTypes.Regression, MetricCatalog.RSquared) => Kind.RSquared,
        _ => Kind.Undefined,
    };

    private static bool IsBinary(float value) => value is 0f or 1f;

    private static bool Positive(float value) => value == 1f;

    private static double[] PerRow(HoldoutPredictions p, Func<float, float, float, double> value)
    {
        var result = new double[p.Rows];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = value(p.Label[i], p.Predicted[i], p.Score[i]);
        }

        return result;
    }

    private static (int[] ByScore, bool[] Positive, bool[] GroupStart, int[] Invalid) SortByScore(HoldoutPredictions p)
    {
        var valid = new List<int>(p.Rows);
        var invalid = new List<int>();
        for (var i = 0; i < p.Rows; i++)
        {
            (float.IsNaN(p.Score[i]) || !IsBinary(p.Label[i]) ? invalid : valid).Add(i);
        }

        var rows = valid.ToArray();
        var keys = new float[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            keys[k] = -p.Score[rows[k]];
        }

        // Only the order of distinct scores matters (ties are grouped), so an unstable sort is fine.
        Array.Sort(keys, rows);
        var positive = new bool[rows.Length];
        var groupStart = new bool[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            positive[k] = Positive(p.Label[rows[k]]);
            groupStart[k] = k == 0 || keys[k] != keys[k - 1];
        }

        return (rows, positive, groupStart, invalid.ToArray());
    }

    private static int ClassCountOf(HoldoutPredictions p)
    {
        var max = -1f;
        foreach (var v in p.Label.Concat(p.Predicted))
        {
            if (float.IsFinite(v))
            {
                max = Math.Max(max, v);
            }
        }

        return (int)Math.Min(max + 1, 1 << 20);
    }

    private static int[] ClassIndexes(float[] values, int classes)
    {
        var result = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            result[i] = v >= 0 && v < classes && v == MathF.Floor(v) ? (int)v : -1;
        }

        return result;
    }

    private bool CountsInvalidRow(ReadOnlySpan<int> weights)
    {
        foreach (var row in _invalidRows)
        {
            if (weights[row] != 0)
            {
                return true;
            }
        }

        return false;
    }

    private double Ranking(ReadOnlySpan<int> weights)
    {
        if (CountsInvalidRow(weights))
        {
            return double.NaN;
        }

        // One pass from the highest score down. AUC: every negative scores the positives above it, and half
        // of the positives tied with it. Average precision: each positive adds its threshold's precision.
        long positives = 0, negatives = 0, groupPositives = 0, groupNegatives = 0;
        long doubledArea = 0;
        double precisionSum = 0;
        for (var k = 0; k < _byScore.Length; k++)
        {
            if (_groupStart[k] && k > 0)
            {
                Flush();
            }

            var w = weights[_byScore[k]];
            if (_positiveByScore[k])
            {
                groupPositives += w;
            }
            else
            {
                groupNegatives += w;
            }
        }

        Flush();
        if (positives == 0 || (_kind == Kind.Auc && negatives == 0))
        {
            return double.NaN;
        }

        return _kind == Kind.Auc ? doubledArea / (2.0 * positives * negatives) : precisionSum / positives;

        void Flush()
        {
            doubledArea += (2 * positives + groupPositives) * groupNegatives;
            positives += groupPositives;
            negatives += groupNegatives;
            if (groupPositives > 0)
            {
                precisionSum += groupPositives * ((double)positives / (positives + negatives));
            }

            groupPositives = 0;
            groupNegatives = 0;
        }
    }

    private double WeightedMean(ReadOnlySpan<int> weights)
    {
        long count = 0;
        double sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w == 0)
            {
                continue;
            }

            count += w;
            sum += w * _perRow[i];
        }

        return count == 0 ? double.NaN : sum / count;
    }

    private double F1(ReadOnlySpan<int> weights)
    {
        Span<long> counts = stackalloc long[5];
        for (var i = 0; i < weights.Length; i++)
        {
            counts[_confusion[i]] += weights[i];
        }

        if (counts[4] > 0)
        {
            return double.NaN;
        }

        var (falsePositives, falseNegatives, truePositives) = (counts[1], counts[2], counts[3]);
        var denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? double.NaN : 2.0 * truePositives / denominator;
    }

    private double MacroAccuracy(ReadOnlySpan<int> weights)
    {
        var rented = ArrayPool<long>.Shared.Rent(2 * _classes);
        try
        {
            var totals = rented.AsSpan(0, _classes);
            var correct = rented.AsSpan(_classes, _classes);
            totals.Clear();
            correct.Clear();
            for (var i = 0; i < weights.Length; i++)
            {
                var w = weights[i];
                if (w == 0)
                {
                    continue;
                }

                var label = _labelClass[i];
                if (double.IsNaN(_perRow[i]))
                {
                    return double.NaN;
                }

                totals[label] += w;
                if (_predictedClass[i] == label)
                {
                    correct[label] += w;
                }
            }

            double recallSum = 0;
            var present = 0;
            for (var c = 0; c < _classes; c++)
            {
                if (totals[c] > 0)
                {
                    recallSum += (double)correct[c] / totals[c];
                    present++;
                }
            }

            return present == 0 ? double.NaN : recallSum / present;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private double LogLossReduction(ReadOnlySpan<int> weights)
    {
        var rented = ArrayPool<long>.Shared.Rent(_classes);
        try
        {
            var totals = rented.AsSpan(0, _classes);
            totals.Clear();
            long count = 0;
            double loss = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                var w = weights[i];
                if (w == 0)
                {
                    continue;
                }

                var label = _labelClass[i];
                if (double.IsNaN(_perRow[i]))
                {
                    return double.NaN;
                }

                totals[label] += w;
                count += w;
                loss += w * _perRow[i];
            }

            if (count == 0)
            {
                return double.NaN;
            }

            // The prior's log-loss is the entropy of the rows' own label distribution.
            double entropy = 0;
            foreach (var total in totals)
            {
                if (total > 0)
                {
                    var share = (double)total / count;
                    entropy -= share * Math.Log(share);
                }
            }

            return entropy <= 0 ? double.NaN : (entropy - loss / count) / entropy;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private double RSquared(ReadOnlySpan<int> weights)
    {
        long count = 0;
        double labelSum = 0, residual = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w != 0)
            {
                count += w;
                labelSum += w * (double)_label[i];
                residual += w * _perRow[i];
            }
        }

        if (count == 0)
        {
            return double.NaN;
        }

        var mean = labelSum / count;
        double total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w != 0)
            {
                var d = _label[i] - mean;
                total += w * d * d;
            }
        }

        return total > 0 && double.IsFinite(residual) ? 1 - residual / total : double.NaN;
    }
}
