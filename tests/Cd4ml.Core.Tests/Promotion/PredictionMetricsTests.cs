using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>Metrics from per-row predictions: hand-computed values, brute force, and resampled rows.</summary>
public sealed class PredictionMetricsTests
{
    private const double Exact = 1e-12;

    // Five rows with a tie at 0.3 between a negative and a positive; predicted = score ≥ 0.5.
    private static readonly HoldoutPredictions s_binary = Predictions.Binary(
        labels: [1, 0, 1, 0, 1],
        scores: [0.9f, 0.8f, 0.7f, 0.3f, 0.3f]);

    [Fact]
    public void Auc_counts_ordered_pairs_and_half_of_the_tied_ones()
    {
        // Pairs (positive above negative): 0.9 beats both, 0.7 beats 0.3, the positive at 0.3 ties the negative at 0.3.
        Assert.Equal(3.5 / 6, PredictionMetrics.Compute(s_binary, BinaryMetricNames.Auc), Exact);
    }

    [Fact]
    public void Auprc_is_average_precision_over_distinct_thresholds()
    {
        // Precision where each positive enters: 1/1 at 0.9, 2/3 at 0.7, 3/5 at the tied 0.3.
        Assert.Equal((1 + (2.0 / 3) + (3.0 / 5)) / 3, PredictionMetrics.Compute(s_binary, BinaryMetricNames.Auprc), Exact);
    }

    [Fact]
    public void Accuracy_and_f1_come_from_the_predicted_labels()
    {
        // Predicted 1,1,1,0,0: TP 2, FP 1, FN 1, TN 1.
        Assert.Equal(3.0 / 5, PredictionMetrics.Compute(s_binary, BinaryMetricNames.Accuracy), Exact);
        Assert.Equal(4.0 / 6, PredictionMetrics.Compute(s_binary, BinaryMetricNames.F1), Exact);
    }

    [Fact]
    public void Binary_log_loss_is_in_bits_like_mlnet()
    {
        var expected = -(Math.Log2(0.9) + Math.Log2(0.2) + Math.Log2(0.7) + Math.Log2(0.7) + Math.Log2(0.3)) / 5;

        Assert.Equal(expected, PredictionMetrics.Compute(s_binary, BinaryMetricNames.LogLoss), 1e-6);
    }

    [Fact]
    public void Binary_log_loss_is_undefined_for_an_uncalibrated_score()
    {
        var raw = s_binary with { Calibrated = false };

        Assert.True(double.IsNaN(PredictionMetrics.Compute(raw, BinaryMetricNames.LogLoss)));
        Assert.Equal(3.5 / 6, PredictionMetrics.Compute(raw, BinaryMetricNames.Auc), Exact);
    }

    [Fact]
    public void Binary_log_loss_clips_certain_mistakes_instead_of_going_infinite()
    {
        var certain = Predictions.Binary(labels: [1, 0], scores: [0f, 0.5f]);

        var logLoss = PredictionMetrics.Compute(certain, BinaryMetricNames.LogLoss);

        Assert.Equal((-Math.Log2(1e-15) + 1) / 2, logLoss, 1e-9);
    }

    [Theory]
    [InlineData(BinaryMetricNames.Auc)]
    [InlineData(BinaryMetricNames.Auprc)]
    public void Ranking_metrics_are_undefined_with_one_class_only(string metric)
    {
        var negatives = Predictions.Binary(labels: [0, 0, 0], scores: [0.1f, 0.2f, 0.3f]);

        Assert.True(double.IsNaN(PredictionMetrics.Compute(negatives, metric)));
    }

    [Fact]
    public void A_nan_score_makes_auc_undefined_unless_its_row_is_left_out()
    {
        var withNan = Predictions.Binary(labels: [1, 0, 1, 0], scores: [0.9f, float.NaN, 0.6f, 0.2f]);

        Assert.True(double.IsNaN(PredictionMetrics.Compute(withNan, BinaryMetricNames.Auc)));
        Assert.Equal(1.0, PredictionMetrics.Compute(withNan, BinaryMetricNames.Auc, [0, 2, 3]), Exact);
    }

    [Fact]
    public void Multiclass_metrics_match_hand_computed_values()
    {
        var p = new HoldoutPredictions
        {
            Task = TaskTypes.Multiclass,
            Classes = ["a", "b", "c"],
            Label = [0, 0, 1, 2, 2, 2],
            Predicted = [0, 1, 1, 2, 0, 2],
            Score = [0.7f, 0.4f, 0.6f, 0.8f, 0.1f, 0.9f],
        };
        var logLoss = -(Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.6) + Math.Log(0.8) + Math.Log(0.1) + Math.Log(0.9)) / 6;
        var entropy = -((1.0 / 3 * Math.Log(1.0 / 3)) + (1.0 / 6 * Math.Log(1.0 / 6)) + (0.5 * Math.Log(0.5)));

        Assert.Equal(4.0 / 6, PredictionMetrics.Compute(p, MetricCatalog.MicroAccuracy), Exact);
        Assert.Equal((0.5 + 1 + (2.0 / 3)) / 3, PredictionMetrics.Compute(p, MetricCatalog.MacroAccuracy), Exact);
        Assert.Equal(logLoss, PredictionMetrics.Compute(p, MetricCatalog.LogLoss), 1e-6);
        Assert.Equal((entropy - logLoss) / entropy, PredictionMetrics.Compute(p, MetricCatalog.LogLossReduction), 1e-6);
    }

    [Fact]
    public void Macro_accuracy_averages_only_the_classes_present_in_the_rows()
    {
        var p = new HoldoutPredictions
        {
            Task = TaskTypes.Multiclass,
            Classes = ["a", "b", "c"],
            Label = [0, 0, 1, 2],
            Predicted = [0, 1, 1, 1],
            Score = [0.9f, 0.2f, 0.8f, 0.1f],
        };

        // Rows 0, 1, 2 hold classes a and b only: recall a = 1/2, recall b = 1.
        Assert.Equal(0.75, PredictionMetrics.Compute(p, MetricCatalog.MacroAccuracy, [0, 1, 2]), Exact);
        Assert.True(double.IsNaN(PredictionMetrics.Compute(p, MetricCatalog.LogLossReduction, [2])));
    }

    [Fact]
    public void Regression_metrics_match_hand_computed_values()
    {
        var p = Predictions.Regression(labels: [1, 2, 3, 4], predicted: [1.5f, 2, 2, 5]);

        // Errors −0.5, 0, 1, −1: squared sum 2.25; labels' squared deviations from 2.5 sum to 5.
        Assert.Equal(0.75, PredictionMetrics.Compute(p, MetricCatalog.Rmse), Exact);
        Assert.Equal(0.625, PredictionMetrics.Compute(p, MetricCatalog.Mae), Exact);
        Assert.Equal(1 - (2.25 / 5), PredictionMetrics.Compute(p, MetricCatalog.RSquared), Exact);
    }

    [Fact]
    public void R_squared_is_undefined_when_every_label_is_the_same()
    {
        var p = Predictions.Regression(labels: [3, 3, 3], predicted: [2, 3, 4]);

        Assert.True(double.IsNaN(PredictionMetrics.Compute(p, MetricCatalog.RSquared)));
    }

    [Fact]
    public void A_metric_of_another_task_is_undefined()
    {
        Assert.True(double.IsNaN(PredictionMetrics.Compute(s_binary, MetricCatalog.Rmse)));
    }

    [Fact]
    public void Auc_and_auprc_agree_with_brute_force_on_random_resamples_with_ties()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = random.Next(2, 60);
            var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.4 ? 1f : 0f).ToArray();
            var scores = Enumerable.Range(0, n).Select(_ => MathF.Round((float)random.NextDouble(), 1)).ToArray();
            var p = Predictions.Binary(labels, scores);
            var rows = Enumerable.Range(0, random.Next(1, 2 * n)).Select(_ => random.Next(n)).ToArray();

            AssertSame(BruteForceAuc(labels, scores, rows), PredictionMetrics.Compute(p, BinaryMetricNames.Auc, rows));
            AssertSame(BruteForceAveragePrecision(labels, scores, rows), PredictionMetrics.Compute(p, BinaryMetricNames.Auprc, rows));
        }
    }

    public static TheoryData<string, string> EveryMetric()
    {
        var data = new TheoryData<string, string>();
        foreach (var task in TaskTypes.All)
        {
            foreach (var metric in MetricCatalog.For(task))
            {
                data.Add(task, metric);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMetric))]
    public void Counting_a_row_twice_equals_duplicating_it(string task, string metric)
    {
        var random = new Random(11);
        var p = Predictions.Random(task, rows: 80, random);
        var rows = Enumerable.Range(0, 120).Select(_ => random.Next(p.Rows)).ToArray();
        var duplicated = new HoldoutPredictions
        {
            Task = task,
            Classes = p.Classes,
            Calibrated = p.Calibrated,
            Label = [.. rows.Select(r => p.Label[r])],
            Predicted = [.. rows.Select(r => p.Predicted[r])],
            Score = [.. rows.Select(r => p.Score[r])],
        };

        var resampled = PredictionMetrics.Compute(p, metric, rows);

        Assert.True(double.IsFinite(resampled), $"{metric} is {resampled}");
        Assert.Equal(PredictionMetrics.Compute(duplicated, metric), resampled, 1e-9);
    }

    [Fact]
    public void Row_indexes_outside_the_holdout_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PredictionMetrics.Compute(s_binary, BinaryMetricNames.Auc, [0, 5]));
    }

    private static void AssertSame(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}");
        }
        else
        {
            Assert.Equal(expected, actual, 1e-12);
        }
    }

    private static double BruteForceAuc(float[] labels, float[] scores, int[] rows)
    {
        double wins = 0;
        long pairs = 0;
        foreach (var i in rows.Where(r => labels[r] == 1))
        {
            foreach (var j in rows.Where(r => labels[r] == 0))
            {
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }

        return pairs == 0 ? double.NaN : wins / pairs;
    }

    private static double BruteForceAveragePrecision(float[] labels, float[] scores, int[] rows)
    {
        // Each positive (as often as drawn) scores the precision at its own score threshold.
        var positives = rows.Where(r => labels[r] == 1).ToList();
        if (positives.Count == 0)
        {
            return double.NaN;
        }

        return positives.Average(i =>
        {
            var above = rows.Where(r => scores[r] >= scores[i]).ToList();
            return (double)above.Count(r => labels[r] == 1) / above.Count;
        });
    }
}
