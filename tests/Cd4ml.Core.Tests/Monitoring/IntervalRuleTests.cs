using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;
using static Cd4ml.Core.Tests.Monitoring.MonitoringRows;

namespace Cd4ml.Core.Tests.Monitoring;

public sealed class IntervalRuleTests
{
    private static readonly string[] Classes = ["bad", "good"];

    private static readonly Dictionary<string, double> Promised = new(StringComparer.Ordinal) { ["accuracy"] = 0.9 };

    private static readonly Dictionary<string, double> Limit = new(StringComparer.Ordinal) { ["accuracy"] = 0.1 };

    /// <summary><paramref name="rows"/> rows of which three in four are predicted right: accuracy 0.75, a drop of 0.15 from 0.9.</summary>
    private static LiveMetric AccuracyOn(int rows)
    {
        var labelled = Enumerable.Range(0, rows).Select(i => Labelled($"k{i}", i % 4 == 0 ? "bad" : "good", "good", 0.3)).ToList();
        var predictions = LiveMetrics.ToPredictions(labelled, TaskTypes.Binary, Classes, "bad");
        return Assert.Single(LiveMetrics.Evaluate(predictions, Limit, Promised, resamples: 1000, confidence: 0.95, seed: 42));
    }

    [Fact]
    public void A_point_drop_beyond_the_limit_whose_interval_reaches_back_inside_it_is_not_a_breach()
    {
        var metric = AccuracyOn(40);

        Assert.Equal(0.75, metric.Live, 6);
        Assert.True(metric.Drop > metric.Limit, $"the point drop {metric.Drop} should be beyond the limit");
        Assert.True(metric.DropLower < metric.Limit, $"the interval's lower end {metric.DropLower} should be inside the limit");
        Assert.False(metric.Breached);
    }

    [Fact]
    public void The_same_drop_on_enough_rows_for_the_whole_interval_to_lie_beyond_the_limit_is_a_breach()
    {
        var metric = AccuracyOn(2000);

        Assert.Equal(0.75, metric.Live, 6);
        Assert.True(metric.DropLower > metric.Limit, $"the interval's lower end {metric.DropLower} should be beyond the limit");
        Assert.True(metric.Breached);
    }

    [Fact]
    public void The_interval_is_the_same_for_the_same_seed()
    {
        Assert.Equal(AccuracyOn(100), AccuracyOn(100));
    }

    [Theory]
    [InlineData(0.051, 0.05, true)]
    [InlineData(0.05, 0.05, false)]
    [InlineData(-0.2, 0.05, false)]
    [InlineData(null, 0.05, false)]
    [InlineData(double.NaN, 0.05, false)]
    public void Only_a_lower_end_strictly_beyond_the_limit_breaches(double? dropLower, double limit, bool breached) =>
        Assert.Equal(breached, LiveMetrics.IsBreached(dropLower, limit));

    [Fact]
    public void Lower_is_better_metrics_count_a_rise_as_the_drop()
    {
        var labelled = Enumerable.Range(0, 400).Select(i => Labelled($"k{i}", i % 2 == 0 ? "bad" : "good", "good", 0.5)).ToList();
        var predictions = LiveMetrics.ToPredictions(labelled, TaskTypes.Binary, Classes, "bad");

        var metric = Assert.Single(LiveMetrics.Evaluate(predictions, new Dictionary<string, double> { ["logLoss"] = 0.2 },
            new Dictionary<string, double> { ["logLoss"] = 0.5 }, 500, 0.95, 1));

        Assert.Equal(1.0, metric.Live, 6); // p = 0.5 for every row: one bit
        Assert.Equal(0.5, metric.Drop!.Value, 6);
        Assert.True(metric.Breached);
    }

    [Fact]
    public void Multiclass_and_regression_rows_are_measured_with_the_holdout_definitions()
    {
        string[] classes = ["a", "b", "c"];
        var multiclass = new[] { ("a", "a"), ("b", "b"), ("c", "a"), ("c", "c") }.Select((p, i) => new LabelledRow(
            Scored($"k{i}", p.Item2) with { Probability = null, ClassProbabilities = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.25, ["c"] = 0.25 } },
            p.Item1, "f", 2)).ToList();
        var regression = new[] { ("1", "2"), ("3", "3"), ("5", "4") }.Select((p, i) => Labelled($"k{i}", p.Item1, p.Item2, 0)).ToList();

        var micro = LiveMetrics.Evaluate(LiveMetrics.ToPredictions(multiclass, TaskTypes.Multiclass, classes, null),
            new Dictionary<string, double> { ["microAccuracy"] = 0.1 }, new Dictionary<string, double> { ["microAccuracy"] = 0.9 }, 200, 0.95, 1);
        var rmse = LiveMetrics.Evaluate(LiveMetrics.ToPredictions(regression, TaskTypes.Regression, [], null),
            new Dictionary<string, double> { ["rmse"] = 0.5 }, new Dictionary<string, double> { ["rmse"] = 0.5 }, 200, 0.95, 1);

        Assert.Equal(0.75, Assert.Single(micro).Live, 6);
        Assert.Equal(Math.Sqrt(2.0 / 3), Assert.Single(rmse).Live, 6);
        Assert.Equal(Math.Sqrt(2.0 / 3) - 0.5, rmse[0].Drop!.Value, 6);
    }
}
