using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>The monitoring section of a spec: its settings, defaults that follow the promotion policy, and precise errors.</summary>
public sealed class PipelineSpecMonitoringTests
{
    [Fact]
    public void Full_monitoring_section_parses_into_its_settings()
    {
        var spec = Parse(Monitoring("""
            {
              "idColumn": "loanId", "window": "12h", "minRows": 150, "maxMetricDrop": { "auc": 0.03, "f1": 0.1 },
              "maxDrift": 0.3, "onDegraded": "retrain", "cooldown": "2d"
            }
            """));

        var m = spec.Monitoring!;
        Assert.Equal("loanId", m.IdColumn);
        Assert.Equal(TimeSpan.FromHours(12), m.Window.Duration);
        Assert.Null(m.Window.Rows);
        Assert.Equal(150, m.MinRows);
        Assert.Equal([("auc", 0.03), ("f1", 0.1)], m.MaxMetricDrop.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(0.3, m.MaxDrift);
        Assert.Equal(DegradedActions.Retrain, m.OnDegraded);
        Assert.Equal(TimeSpan.FromDays(2), m.Cooldown);
    }

    [Fact]
    public void An_empty_section_watches_the_primary_metric_in_windows_of_a_thousand_rows_and_only_alerts()
    {
        var m = Parse(Monitoring("{}")).Monitoring!;

        Assert.Null(m.IdColumn);
        Assert.Equal(1000, m.Window.Rows);
        Assert.Equal(MonitoringSpec.DefaultMinRows, m.MinRows);
        Assert.Equal([("auc", MonitoringSpec.DefaultMaxMetricDrop)], m.MaxMetricDrop.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(MonitoringSpec.DefaultMaxDrift, m.MaxDrift);
        Assert.Null(m.MaxDisparity);
        Assert.Equal(DegradedActions.Alert, m.OnDegraded);
        Assert.Equal(TimeSpan.FromHours(24), m.Cooldown);
    }

    [Fact]
    public void A_spec_without_the_section_is_not_monitored_and_hashes_as_before()
    {
        var spec = Parse(Samples.SpecJson);

        Assert.Null(spec.Monitoring);
        Assert.DoesNotContain("monitoring", System.Text.Json.JsonSerializer.Serialize(spec, SpecJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void The_id_column_is_never_a_feature()
    {
        var spec = Parse(Monitoring("""{ "idColumn": "loanId" }"""));

        Assert.Contains("loanId", spec.Exclude);
    }

    [Fact]
    public void Live_fairness_limit_defaults_to_the_fairness_gate_limit()
    {
        var spec = Parse(Samples.SpecWith(s =>
        {
            s["promotion"] = JsonNode.Parse("""{ "primaryMetric": "auc", "fairness": { "columns": ["Home"], "maxDisparity": 0.07 } }""");
            s["monitoring"] = JsonNode.Parse("{}");
        }));

        Assert.Equal(0.07, spec.Monitoring!.MaxDisparity);
    }

    [Theory]
    [InlineData("""{ "window": 5 }""", "$.monitoring.window", "from 10")]
    [InlineData("""{ "window": "soon" }""", "$.monitoring.window", "row count such as 1000 or a duration")]
    [InlineData("""{ "window": 100 }""", "$.monitoring.window", "can never reach minRows (200)")]
    [InlineData("""{ "minRows": 2.5 }""", "$.monitoring.minRows", "whole number")]
    [InlineData("""{ "maxMetricDrop": { "rmse": 1 } }""", "$.monitoring.maxMetricDrop.rmse", "unknown metric 'rmse'")]
    [InlineData("""{ "maxMetricDrop": { "auc": -0.1 } }""", "$.monitoring.maxMetricDrop.auc", "must be 0 or more")]
    [InlineData("""{ "maxDrift": 0 }""", "$.monitoring.maxDrift", "above 0")]
    [InlineData("""{ "maxDisparity": 0.1 }""", "$.monitoring.maxDisparity", "needs $.promotion.fairness.columns")]
    [InlineData("""{ "onDegraded": "panic" }""", "$.monitoring.onDegraded", "'alert', 'retrain', 'rollback'")]
    [InlineData("""{ "cooldown": "forever" }""", "$.monitoring.cooldown", "duration like")]
    [InlineData("""{ "idColumn": "Status" }""", "$.monitoring.idColumn", "cannot identify rows")]
    [InlineData("""{ "idColum": "id" }""", "$.monitoring.idColum", "unknown setting")]
    [InlineData("""[]""", "$.monitoring", "must be an object")]
    public void Bad_settings_are_reported_at_their_json_path(string monitoring, string path, string message)
    {
        var errors = PipelineSpecParser.TryParse(Monitoring(monitoring)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static PipelineSpec Parse(string json)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(json);
        Assert.Empty(errors);
        return spec!;
    }

    /// <summary>The sample spec with a monitoring section.</summary>
    private static string Monitoring(string monitoring) => Samples.SpecWith(s => s["monitoring"] = JsonNode.Parse(monitoring));
}
