using System.Text;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;
using static Cd4ml.Core.Tests.Monitoring.MonitoringRows;

namespace Cd4ml.Core.Tests.Monitoring;

public sealed class LiveFairnessAndDriftTests
{
    private static readonly string[] Classes = ["bad", "good"];

    [Fact]
    public void Live_fairness_uses_the_gates_rates_and_the_monitoring_limit()
    {
        // Group a: every answer right; group b: a quarter wrong. Error-rate gap 0.25, over the live limit 0.2.
        var rows = Enumerable.Range(0, 80).Select(i => Labelled($"k{i}", i % 4 == 0 ? "bad" : "good", i >= 40 && i % 2 == 0 ? "bad" : i % 4 == 0 ? "bad" : "good", 0.5)).ToList();
        var groups = new Dictionary<string, string[]> { ["sex"] = [.. Enumerable.Range(0, 80).Select(i => i < 40 ? "a" : "b")] };
        var predictions = LiveMetrics.ToPredictions(rows, TaskTypes.Binary, Classes, "bad", groups);
        var spec = new PipelineSpec
        {
            Name = "p", Task = TaskTypes.Binary, Label = "Status", PositiveClass = "bad", Trainers = [],
            Promotion = new PromotionSpec { PrimaryMetric = "auc", Fairness = new FairnessSpec { Columns = ["sex"], Metrics = ["errorRate"], MaxDisparity = 0.9, MinGroupRows = 30 } },
            Monitoring = new MonitoringSpec { MaxDisparity = 0.2 },
        };

        var fairness = LiveFairness.SpecFor(spec)!;
        var result = Assert.Single(LiveFairness.Evaluate(fairness, spec.Task, 3, predictions));

        Assert.Equal(0.2, fairness.MaxDisparity);
        Assert.False(result.Passed);
        Assert.Equal(["a", "b"], result.Groups.Select(g => g.Group));
        Assert.Equal(0.0, result.Groups[0].ErrorRate);
        Assert.Contains("v3", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("not promoted", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_and_prediction_drift_are_measured_against_the_training_profile()
    {
        var training = Profile("Age,Home,Status", Enumerable.Range(0, 500).Select(i => $"{20 + (i % 40)},{(i % 2 == 0 ? "rent" : "owner")},{(i % 4 == 0 ? "bad" : "good")}"));
        var columns = LiveDrift.Columns(training, ["Age", "Home"], "Status");
        var same = Count(columns, Enumerable.Range(0, 500).Select(i => ($"{20 + ((i * 7) % 40)}", i % 2 == 1 ? "rent" : "owner", i % 4 == 0 ? "bad" : "good")));
        var older = Count(columns, Enumerable.Range(0, 500).Select(i => ($"{50 + (i % 40)}", i % 10 == 0 ? "rent" : "owner", i % 4 == 0 ? "bad" : "good")));

        var calm = LiveDrift.Measure(null, same, 0.2);
        var moved = LiveDrift.Measure(null, older, 0.2);

        Assert.Equal(["Age", "Home", "prediction"], calm.Select(d => d.Column));
        Assert.All(calm, d => Assert.False(d.Breached, $"{d.Column} {d.Value}"));
        Assert.Equal((LiveDrift.Psi, true), (moved[0].Measure, moved[0].Breached));
        Assert.Equal((LiveDrift.JensenShannonDistance, true), (moved[1].Measure, moved[1].Breached));
        Assert.False(moved[2].Breached);
    }

    private static DriftCounts Count(IReadOnlyList<DriftColumn> columns, IEnumerable<(string Age, string Home, string Prediction)> rows)
    {
        var counts = new DriftCounts(columns);
        foreach (var (age, home, prediction) in rows)
        {
            counts.Add(c => c switch { "Age" => age, "Home" => home, "prediction" => prediction, _ => null });
        }

        return counts;
    }

    private static DatasetProfile Profile(string header, IEnumerable<string> rows)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(header + "\n" + string.Join('\n', rows) + "\n"));
        return DatasetProfiler.Profile(stream);
    }
}
