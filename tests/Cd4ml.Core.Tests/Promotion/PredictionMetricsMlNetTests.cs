using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>
/// The metrics computed from predictions agree with ML.NET's evaluators on the same rows, so the policy's
/// bootstrap measures what the run report shows (auprc is an estimate of the same area, so only close).
/// </summary>
public sealed class PredictionMetricsMlNetTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Binary_metrics_agree_with_mlnet()
    {
        var random = new Random(3);
        var labels = Predictions.Labels(400, random);
        var p = Predictions.Binary(labels, Predictions.Scores(labels, 1, random));

        // ML.NET derives the predicted label from the raw score at 0, which is the probability at 0.5.
        var rows = Enumerable.Range(0, p.Rows).Select(i => new BinaryRow
        {
            Label = p.Label[i] == 1,
            Score = (float)Math.Log(p.Score[i] / (1 - p.Score[i])),
            Probability = p.Score[i],
            PredictedLabel = p.Predicted[i] == 1,
        });

        var expected = _ml.BinaryClassification.Evaluate(_ml.Data.LoadFromEnumerable(rows), "Label", "Score", "Probability", "PredictedLabel");

        Assert.Equal(expected.AreaUnderRocCurve, PredictionMetrics.Compute(p, BinaryMetricNames.Auc), 1e-9);
        Assert.Equal(expected.Accuracy, PredictionMetrics.Compute(p, BinaryMetricNames.Accuracy), 1e-9);
        Assert.Equal(expected.F1Score, PredictionMetrics.Compute(p, BinaryMetricNames.F1), 1e-9);
        Assert.Equal(expected.LogLoss, PredictionMetrics.Compute(p, BinaryMetricNames.LogLoss), 1e-5);
        Assert.Equal(expected.AreaUnderPrecisionRecallCurve, PredictionMetrics.Compute(p, BinaryMetricNames.Auprc), 0.02);
    }

    [Fact]
    public void Multiclass_metrics_agree_with_mlnet()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            var label = random.Next(3);
            var raw = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() };
            raw[label] += 0.8;
            var probabilities = raw.Select(r => (float)(r / raw.Sum())).ToArray();
            var predicted = Array.IndexOf(probabilities, probabilities.Max());
            return new MulticlassRow { Label = label, Score = probabilities, PredictedLabel = (uint)predicted + 1 };
        }).ToList();
        var p = new HoldoutPredictions
        {
            Task = TaskTypes.Multiclass,
            Classes = ["a", "b", "c"],
            Label = [.. rows.Select(r => r.Label)],
            Predicted = [.. rows.Select(r => (float)(r.PredictedLabel - 1))],
            Score = [.. rows.Select(r => r.Score[(int)r.Label])],
        };

        var expected = _ml.MulticlassClassification.Evaluate(_ml.Data.LoadFromEnumerable(rows), "Label", "Score", "PredictedLabel");

        Assert.Equal(expected.MicroAccuracy, PredictionMetrics.Compute(p, MetricCatalog.MicroAccuracy), 1e-9);
        Assert.Equal(expected.MacroAccuracy, PredictionMetrics.Compute(p, MetricCatalog.MacroAccuracy), 1e-9);
        Assert.Equal(expected.LogLoss, PredictionMetrics.Compute(p, MetricCatalog.LogLoss), 1e-5);
        Assert.Equal(expected.LogLossReduction, PredictionMetrics.Compute(p, MetricCatalog.LogLossReduction), 1e-5);
    }

    [Fact]
    public void Regression_metrics_agree_with_mlnet()
    {
        var random = new Random(9);
        var p = Predictions.Random(TaskTypes.Regression, rows: 250, random);
        var rows = Enumerable.Range(0, p.Rows).Select(i => new RegressionRow { Label = p.Label[i], Score = p.Score[i] });

        var expected = _ml.Regression.Evaluate(_ml.Data.LoadFromEnumerable(rows), "Label", "Score");

        Assert.Equal(expected.RootMeanSquaredError, PredictionMetrics.Compute(p, MetricCatalog.Rmse), 1e-5);
        Assert.Equal(expected.MeanAbsoluteError, PredictionMetrics.Compute(p, MetricCatalog.Mae), 1e-5);
        Assert.Equal(expected.RSquared, PredictionMetrics.Compute(p, MetricCatalog.RSquared), 1e-5);
    }

    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    // ML.NET reads a numeric label as the class index (the key type only marks the predicted label).
    private sealed class MulticlassRow
    {
        public float Label { get; set; }

        [VectorType(3)]
        public float[] Score { get; set; } = [];

        [KeyType(3)]
        public uint PredictedLabel { get; set; }
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float Score { get; set; }
    }
}
