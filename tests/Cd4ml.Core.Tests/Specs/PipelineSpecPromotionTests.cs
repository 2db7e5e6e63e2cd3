using System.Text.Json.Nodes;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>The promotion section of a spec: every gate's settings, their defaults, and precise errors.</summary>
public sealed class PipelineSpecPromotionTests
{
    [Fact]
    public void Full_promotion_section_parses_into_its_settings()
    {
        var spec = Parse(Promotion("""
            {
              "primaryMetric": "auc", "minImprovement": 0.01, "improvement": "relative",
              "minValue": { "auc": 0.7, "f1": 0.5 }, "maxDrop": { "accuracy": 0.01 },
              "significance": { "enabled": true, "resamples": 2000, "confidence": 0.99 },
              "fairness": { "columns": ["female", "age"], "metrics": ["selectionRate"], "maxDisparity": 0.05, "minGroupRows": 50 }
            }
            """));

        var p = spec.Promotion;
        Assert.Equal("auc", p.PrimaryMetric);
        Assert.Equal(0.01, p.MinImprovement);
        Assert.True(p.RelativeImprovement);
        Assert.Equal([("auc", 0.7), ("f1", 0.5)], p.MinValue.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal([("accuracy", 0.01)], p.MaxDrop.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(new SignificanceSpec { Enabled = true, Resamples = 2000, Confidence = 0.99 }, p.Significance);
        Assert.Equal(["female", "age"], p.Fairness!.Columns);
        Assert.Equal([FairnessMetricNames.SelectionRate], p.Fairness.Metrics);
        Assert.Equal(0.05, p.Fairness.MaxDisparity);
        Assert.Equal(50, p.Fairness.MinGroupRows);
    }

    [Fact]
    public void Omitted_settings_take_their_defaults_with_significance_on()
    {
        var p = Parse(Samples.SpecJson).Promotion;

        Assert.False(p.RelativeImprovement);
        Assert.Empty(p.MinValue);
        Assert.Empty(p.MaxDrop);
        Assert.Equal(new SignificanceSpec { Enabled = true, Resamples = 1000, Confidence = 0.95 }, p.Significance);
        Assert.Null(p.Fairness);
    }

    [Fact]
    public void Fairness_defaults_gate_every_rate_with_a_limit_of_a_tenth_on_groups_of_thirty()
    {
        var fairness = Parse(Promotion("""{ "primaryMetric": "auc", "fairness": { "columns": ["female"] } }""")).Promotion.Fairness!;

        Assert.Equal(FairnessMetricNames.All, fairness.Metrics);
        Assert.Equal(0.1, fairness.MaxDisparity);
        Assert.Equal(30, fairness.MinGroupRows);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("true", true)]
    [InlineData("""{ "enabled": false }""", false)]
    [InlineData("null", true)]
    public void Significance_is_a_switch_or_an_object(string value, bool enabled)
    {
        var p = Parse(Promotion($$"""{ "primaryMetric": "auc", "significance": {{value}} }""")).Promotion;

        Assert.Equal(enabled, p.Significance.Enabled);
        Assert.Equal(1000, p.Significance.Resamples);
    }

    [Fact]
    public void Spelling_out_the_defaults_does_not_change_the_hash()
    {
        var spelled = Promotion("""
            {
              "primaryMetric": "auc", "minImprovement": 0.002, "improvement": "absolute", "minValue": {}, "maxDrop": {},
              "significance": { "enabled": true, "resamples": 1000, "confidence": 0.95 }, "fairness": null
            }
            """);

        Assert.Equal(PipelineSpecParser.Hash(Parse(Samples.SpecJson)), PipelineSpecParser.Hash(Parse(spelled)));
    }

    [Fact]
    public void Misspelt_guardrail_metric_is_reported_at_its_path_with_the_known_metrics()
    {
        var error = Assert.Single(Errors(Promotion("""{ "primaryMetric": "auc", "maxDrop": { "acuracy": 0.01 } }""")));

        Assert.Equal("$.promotion.maxDrop.acuracy", error.Path);
        Assert.Equal("unknown metric 'acuracy'; known metrics: auc, accuracy, f1, auprc, logLoss", error.Message);
    }

    [Theory]
    [InlineData("""{ "minValue": { "rmse": 3 } }""", "$.promotion.minValue.rmse", "unknown metric 'rmse'")]
    [InlineData("""{ "minValue": { "auc": 70 } }""", "$.promotion.minValue.auc", "must be from 0 to 1 (was 70)")]
    [InlineData("""{ "minValue": { "logLoss": 1e999 } }""", "$.promotion.minValue.logLoss", "must be a finite number (was 1e999)")]
    [InlineData("""{ "minValue": { "auc": "high" } }""", "$.promotion.minValue.auc", "must be a number")]
    [InlineData("""{ "minValue": [0.7] }""", "$.promotion.minValue", "must be an object of metric names and numbers")]
    [InlineData("""{ "maxDrop": { "accuracy": -0.01 } }""", "$.promotion.maxDrop.accuracy", "must be 0 or more")]
    [InlineData("""{ "improvement": "percent" }""", "$.promotion.improvement", "must be \"absolute\"")]
    [InlineData("""{ "minImprovement": 2 }""", "$.promotion.minImprovement", "must be from 0 to 1 (was 2)")]
    [InlineData("""{ "significance": { "resamples": 50 } }""", "$.promotion.significance.resamples", "must be a whole number from 100 to 100000 (was 50)")]
    [InlineData("""{ "significance": { "resamples": 100001 } }""", "$.promotion.significance.resamples", "must be a whole number from 100 to 100000")]
    [InlineData("""{ "significance": { "resamples": 999.5 } }""", "$.promotion.significance.resamples", "must be a whole number")]
    [InlineData("""{ "significance": { "confidence": 0.4 } }""", "$.promotion.significance.confidence", "must be from 0.5 to 0.999 (was 0.4)")]
    [InlineData("""{ "significance": { "confidence": 1 } }""", "$.promotion.significance.confidence", "must be from 0.5 to 0.999 (was 1)")]
    [InlineData("""{ "significance": { "enabled": "yes" } }""", "$.promotion.significance.enabled", "must be true or false")]
    [InlineData("""{ "significance": { "seed": 1 } }""", "$.promotion.significance.seed", "unknown setting; significance has 'enabled', 'resamples', 'confidence'")]
    [InlineData("""{ "significance": 0.95 }""", "$.promotion.significance", "must be true, false or an object")]
    [InlineData("""{ "fairness": { "columns": ["female"], "maxDisparity": 1.5 } }""", "$.promotion.fairness.maxDisparity", "must be from 0 to 1 (was 1.5)")]
    [InlineData("""{ "fairness": { "columns": ["female"], "maxDisparity": -0.1 } }""", "$.promotion.fairness.maxDisparity", "must be from 0 to 1")]
    [InlineData("""{ "fairness": { "columns": ["female"], "minGroupRows": 0 } }""", "$.promotion.fairness.minGroupRows", "must be a whole number from 1 to 1000000 (was 0)")]
    [InlineData("""{ "fairness": { "columns": ["female"], "metrics": ["parity"] } }""", "$.promotion.fairness.metrics[0]", "unknown fairness metric 'parity'; known: selectionRate, truePositiveRate, errorRate")]
    [InlineData("""{ "fairness": { "columns": ["female"], "metrics": [] } }""", "$.promotion.fairness.metrics", "must name at least one of")]
    [InlineData("""{ "fairness": { "columns": [] } }""", "$.promotion.fairness.columns", "must name at least one sensitive column")]
    [InlineData("""{ "fairness": { "columns": ["female", "female"] } }""", "$.promotion.fairness.columns[1]", "'female' is listed twice")]
    [InlineData("""{ "fairness": { "columns": "female" } }""", "$.promotion.fairness.columns", "must be an array of column names")]
    [InlineData("""{ "fairness": { "metrics": ["errorRate"] } }""", "$.promotion.fairness.columns", "required")]
    [InlineData("""{ "fairness": { "columns": ["female"], "limit": 0.1 } }""", "$.promotion.fairness.limit", "unknown setting; fairness has 'columns', 'metrics', 'maxDisparity', 'minGroupRows'")]
    [InlineData("""{ "guardrails": {} }""", "$.promotion.guardrails", "unknown setting; promotion has 'primaryMetric', 'minImprovement', 'improvement'")]
    public void Bad_promotion_setting_is_reported_at_its_path(string settings, string path, string message)
    {
        var promotion = JsonNode.Parse(settings)!.AsObject();
        promotion["primaryMetric"] = "auc";

        var error = Assert.Single(Errors(Promotion(promotion.ToJsonString())));

        Assert.Equal(path, error.Path);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_promotion_problem_is_reported_at_once()
    {
        var json = Promotion("""
            {
              "primaryMetric": "rmse", "minImprovement": -1, "maxDrop": { "acuracy": 0.01 },
              "significance": { "resamples": 10, "confidence": 2 }, "fairness": { "columns": [], "maxDisparity": 3 }
            }
            """);

        Assert.Equal(
            [
                "$.promotion.fairness.columns", "$.promotion.fairness.maxDisparity", "$.promotion.maxDrop.acuracy", "$.promotion.minImprovement",
                "$.promotion.primaryMetric", "$.promotion.significance.confidence", "$.promotion.significance.resamples",
            ],
            Errors(json).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metrics_are_checked_against_the_task()
    {
        var multiclass = Task(TaskTypes.Multiclass, """{ "primaryMetric": "auc", "maxDrop": { "macroAccuracy": 0.02 } }""");

        var error = Assert.Single(Errors(multiclass), e => e.Path.StartsWith("$.promotion", StringComparison.Ordinal));

        Assert.Equal("$.promotion.primaryMetric", error.Path);
        Assert.Equal("unknown metric 'auc'; known metrics: microAccuracy, macroAccuracy, logLoss, logLossReduction", error.Message);
    }

    [Fact]
    public void Regression_metrics_parse_for_a_regression_spec_and_its_absolute_improvement_is_in_label_units()
    {
        var spec = Parse(Task(TaskTypes.Regression, """{ "primaryMetric": "rmse", "minImprovement": 250, "minValue": { "rmse": 5000, "rSquared": 0.6 } }"""));

        Assert.Equal(250, spec.Promotion.MinImprovement);
        Assert.Equal(5000, spec.Promotion.MinValue[MetricCatalog.Rmse]);
    }

    [Fact]
    public void Relative_improvement_of_rmse_is_still_a_share()
    {
        var json = Task(TaskTypes.Regression, """{ "primaryMetric": "rmse", "minImprovement": 2, "improvement": "relative" }""");

        var error = Assert.Single(Errors(json), e => e.Path.StartsWith("$.promotion", StringComparison.Ordinal));

        Assert.Equal("$.promotion.minImprovement", error.Path);
        Assert.Equal("must be from 0 to 1 (was 2)", error.Message);
    }

    [Fact]
    public void Fairness_on_a_regression_spec_is_an_error()
    {
        var json = Task(TaskTypes.Regression, """{ "primaryMetric": "rmse", "fairness": { "columns": ["female"] } }""");

        var error = Assert.Single(Errors(json), e => e.Path.StartsWith("$.promotion", StringComparison.Ordinal));

        Assert.Equal("$.promotion.fairness", error.Path);
        Assert.StartsWith("not defined for regression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiclass_fairness_gates_the_error_rate_and_refuses_binary_rates()
    {
        var defaults = Parse(Task(TaskTypes.Multiclass, """{ "primaryMetric": "macroAccuracy", "fairness": { "columns": ["region"] } }"""));
        var binaryRate = Task(TaskTypes.Multiclass, """{ "primaryMetric": "macroAccuracy", "fairness": { "columns": ["region"], "metrics": ["errorRate", "selectionRate"] } }""");

        Assert.Equal([FairnessMetricNames.ErrorRate], defaults.Promotion.Fairness!.Metrics);
        var error = Assert.Single(Errors(binaryRate), e => e.Path.StartsWith("$.promotion", StringComparison.Ordinal));
        Assert.Equal("$.promotion.fairness.metrics[1]", error.Path);
        Assert.Equal("'selectionRate' is not defined for multiclass-classification; it supports errorRate", error.Message);
    }

    private static PipelineSpec Parse(string json)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(json);
        Assert.Empty(errors);
        return spec!;
    }

    private static IReadOnlyList<SpecError> Errors(string json) => PipelineSpecParser.TryParse(json).Errors;

    /// <summary>The sample spec with its promotion section replaced.</summary>
    private static string Promotion(string promotion) => Samples.SpecWith(s => s["promotion"] = JsonNode.Parse(promotion));

    /// <summary>A spec of another task with one trainer every task has, and the given promotion section.</summary>
    private static string Task(string task, string promotion) => Samples.SpecWith(s =>
    {
        s["task"] = task;
        s.Remove("positiveClass");
        s["trainers"] = JsonNode.Parse("""[{ "name": "LightGbm" }]""");
        s["promotion"] = JsonNode.Parse(promotion);
    });
}
