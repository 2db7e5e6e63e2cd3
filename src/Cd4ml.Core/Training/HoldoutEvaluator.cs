using System.Globalization;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Decisions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>What a model scored on the holdout, and its answer for every holdout row.</summary>
public sealed record HoldoutEvaluation(HoldoutMetrics Metrics, HoldoutPredictions Predictions);

/// <summary>
/// Scores a model (a candidate, or the champion loaded from its zip) on the run's holdout and reports the task's
/// metrics (<see cref="MetricCatalog.For"/>) and per-row predictions. Undefined metrics are NaN with the reason.
/// </summary>
public static class HoldoutEvaluator
{
    public static HoldoutEvaluation Evaluate(MLContext ml, ITransformer model, TrainingData data)
    {
        var scored = ScoredColumns.Cache(ml, model.Transform(data.Holdout), data.SensitiveColumns);
        var predictions = HoldoutScoring.Read(scored, data);
        return new HoldoutEvaluation(Metrics(ml, scored, data.Task, data.Classes, data.BusinessValue), predictions);
    }

    /// <summary>The task's metrics of an already scored view (the holdout, or a cross-validation fold).</summary>
    internal static HoldoutMetrics Metrics(MLContext ml, IDataView scored, string task, IReadOnlyList<string> classes, BusinessValueSpec? businessValue = null) => task switch
    {
        TaskTypes.Multiclass => Multiclass(ml, scored, classes),
        TaskTypes.Regression => Regression(ml, scored),
        _ => Binary(ml, scored, businessValue),
    };

    private static HoldoutMetrics Binary(MLContext ml, IDataView scored, BusinessValueSpec? businessValue)
    {
        var labels = scored.GetColumn<bool>(TrainingData.LabelColumn).ToList();
        long positives = labels.Count(l => l);
        if (labels.Count == 0 || positives == 0 || positives == labels.Count)
        {
            return HoldoutMetrics.Undefined(TaskTypes.Binary, labels.Count, positives,
                $"the holdout has {labels.Count} rows with {positives} positive; metrics need both classes");
        }

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

        // The threshold metrics are counted from the model's own PredictedLabel, so they are at the threshold baked into
        // the model (ML.NET's evaluator applies its fixed 0.5 / 0 instead).
        if (scored.Schema.GetColumnOrNull("PredictedLabel") is { Type: BooleanDataViewType })
        {
            var counts = ConfusionCounts.Of(labels, [.. scored.GetColumn<bool>("PredictedLabel")]);
            values[BinaryMetricNames.Accuracy] = counts.Accuracy;
            values[BinaryMetricNames.F1] = counts.F1;
            if (businessValue is not null)
            {
                values[BinaryMetricNames.BusinessValue] = businessValue.MeanValue(counts);
            }
        }

        return new HoldoutMetrics(values, labels.Count, positives);
    }

    private static HoldoutMetrics Multiclass(MLContext ml, IDataView scored, IReadOnlyList<string> classes)
    {
        var labels = scored.GetColumn<uint>(TrainingData.LabelColumn).ToList();
        var present = labels.Where(k => k > 0).Distinct().Count();
        var modelClasses = HoldoutScoring.ModelClasses(scored);
        if (!modelClasses.SequenceEqual(classes, StringComparer.Ordinal))
        {
            return HoldoutMetrics.Undefined(TaskTypes.Multiclass, labels.Count, 0,
                $"the model predicts the classes [{string.Join(", ", modelClasses)}] but this data has [{string.Join(", ", classes)}]; the metrics would not be comparable");
        }

        if (labels.Count == 0 || present < 2)
        {
            return HoldoutMetrics.Undefined(TaskTypes.Multiclass, labels.Count, 0,
                $"the holdout has {labels.Count} rows of {present} class(es); metrics need at least two classes");
        }

        var metrics = ml.MulticlassClassification.Evaluate(scored, TrainingData.LabelColumn);
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricCatalog.MicroAccuracy] = metrics.MicroAccuracy,
            [MetricCatalog.MacroAccuracy] = metrics.MacroAccuracy,
            [MetricCatalog.LogLoss] = metrics.LogLoss,
            [MetricCatalog.LogLossReduction] = metrics.LogLossReduction,
        };
        return new HoldoutMetrics(values, labels.Count, 0);
    }

    private static HoldoutMetrics Regression(MLContext ml, IDataView scored)
    {
        var labels = scored.GetColumn<float>(TrainingData.LabelColumn).ToList();
        if (labels.Count == 0)
        {
            return HoldoutMetrics.Undefined(TaskTypes.Regression, 0, 0, "the holdout has no rows");
        }

        var metrics = ml.Regression.Evaluate(scored, TrainingData.LabelColumn);
        var constant = labels.All(l => l == labels[0]);
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricCatalog.Rmse] = metrics.RootMeanSquaredError,
            [MetricCatalog.Mae] = metrics.MeanAbsoluteError,
            [MetricCatalog.RSquared] = constant ? double.NaN : metrics.RSquared,
        };
        return new HoldoutMetrics(values, labels.Count, 0,
            constant ? $"every holdout label is {labels[0].ToString(CultureInfo.InvariantCulture)}; R² needs labels that vary" : null);
    }
}
