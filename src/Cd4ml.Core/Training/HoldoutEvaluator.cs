using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>Scores a model on the holdout and reports every binary metric; undefined metrics are NaN with the reason.</summary>
public static class HoldoutEvaluator
{
    public static HoldoutMetrics Evaluate(MLContext ml, ITransformer model, IDataView holdout)
    {
        var labels = holdout.GetColumn<bool>(TrainingData.LabelColumn).ToList();
        long positives = labels.Count(l => l);
        if (labels.Count == 0 || positives == 0 || positives == labels.Count)
        {
            return new HoldoutMetrics(Undefined(), labels.Count, positives,
                $"the holdout has {labels.Count} rows with {positives} positive; metrics need both classes");
        }

        var scored = model.Transform(holdout);
        var calibrated = scored.Schema.GetColumnOrNull("Probability") is not null;
        var metrics = calibrated
            ? ml.BinaryClassification.Evaluate(scored, TrainingData.LabelColumn)
            : ml.BinaryClassification.EvaluateNonCalibrated(scored, TrainingData.LabelColumn);

        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [BinaryMetricNames.Auc] = metrics.AreaUnderRocCurve,
            [BinaryMetricNames.Accuracy] = metrics.Accuracy,
            [BinaryMetricNames.F1] = metrics.F1Score,
            [BinaryMetricNames.Auprc] = metrics.AreaUnderPrecisionRecallCurve,
            [BinaryMetricNames.LogLoss] = metrics is CalibratedBinaryClassificationMetrics c ? c.LogLoss : double.NaN,
        };
        return new HoldoutMetrics(values, labels.Count, positives);
    }

    private static Dictionary<string, double> Undefined() =>
        BinaryMetricNames.All.ToDictionary(m => m, _ => double.NaN, StringComparer.Ordinal);
}
