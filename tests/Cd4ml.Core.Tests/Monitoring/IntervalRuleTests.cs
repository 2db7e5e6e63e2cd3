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
}
