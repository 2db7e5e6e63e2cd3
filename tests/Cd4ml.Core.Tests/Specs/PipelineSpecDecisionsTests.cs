using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>promotion.businessValue and promotion.threshold: parsed, and every mistake named by its JSON path.</summary>
public sealed class PipelineSpecDecisionsTests
{
    private const string Matrix = """{ "truePositive": 0, "falsePositive": -1, "falseNegative": -5, "trueNegative": 0 }""";

    [Fact]
    public void Business_value_defines_a_metric_for_the_primary_metric_min_value_and_max_drop()
    {
        var spec = Parse(Promotion($$"""
            { "primaryMetric": "businessValue", "businessValue": {{Matrix}}, "minValue": { "businessValue": -0.2 }, "maxDrop": { "businessValue": 0.05 } }
            """));

        Assert.Equal("businessValue", spec.Promotion.PrimaryMetric);
        Assert.Equal(new BusinessValueSpec(0, -1, -5, 0), spec.Promotion.BusinessValue);
        Assert.Equal(-0.2, spec.Promotion.MinValue["businessValue"]);
        Assert.Equal(0.05, spec.Promotion.MaxDrop["businessValue"]);
        Assert.Null(spec.Promotion.Threshold);
        Assert.Equal(ThresholdSpec.Tuned, ValidationPlan.For(spec, 1).Threshold.Mode);
        Assert.Equal(BinaryMetricNames.BusinessValue, ValidationPlan.For(spec, 1).TuneFor(TaskTypes.Binary));
    }

    [Fact]
    public void A_spec_without_the_decision_settings_serialises_as_before_so_its_hash_is_unchanged()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Parse(Samples.SpecJson), SpecJson.Options);

        Assert.DoesNotContain("\"threshold\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"businessValue\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Business_value_as_a_metric_without_its_matrix_is_an_error_that_shows_one()
    {
        var error = Assert.Single(Errors(Promotion("""{ "primaryMetric": "businessValue" }""")));

        Assert.Equal("$.promotion.primaryMetric", error.Path);
        Assert.Contains("needs promotion.businessValue", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "truePositive": 0, "falsePositive": -1, "falseNegative": "-5", "trueNegative": 0 }""", "$.promotion.businessValue.falseNegative")]
    [InlineData("""{ "truePositive": 0, "falsePositive": -1, "falseNegative": -5 }""", "$.promotion.businessValue.trueNegative")]
    [InlineData("""{ "truePositive": 0, "falsePositive": -1, "falseNegative": -5, "trueNegative": 0, "tp": 1 }""", "$.promotion.businessValue.tp")]
    [InlineData("""[0, -1, -5, 0]""", "$.promotion.businessValue")]
    public void A_bad_business_value_matrix_is_named_by_its_json_path(string matrix, string path)
    {
        var errors = Errors(Promotion($$"""{ "primaryMetric": "auc", "businessValue": {{matrix}} }"""));

        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void Business_value_is_for_binary_tasks_only()
    {
        var json = Samples.SpecWith(s =>
        {
            s["task"] = TaskTypes.Regression;
            s.Remove("positiveClass");
            s["trainers"] = JsonNode.Parse("""[{ "name": "LightGbm" }]""");
            s["promotion"] = JsonNode.Parse($$"""{ "primaryMetric": "rmse", "businessValue": {{Matrix}}, "threshold": 0.3 }""");
        });

        var paths = Errors(json).Select(e => e.Path).Order(StringComparer.Ordinal);

        Assert.Equal(["$.promotion.businessValue", "$.promotion.threshold"], paths);
    }

    [Theory]
    [InlineData("0.3", ThresholdSpec.Fixed, 0.3, null)]
    [InlineData("\"default\"", ThresholdSpec.Default, null, null)]
    [InlineData("\"f1\"", ThresholdSpec.Tuned, null, "f1")]
    [InlineData("\"accuracy\"", ThresholdSpec.Tuned, null, "accuracy")]
    public void Threshold_is_a_probability_the_default_or_a_metric_to_tune_for(string value, string mode, double? fixedValue, string? tuneFor)
    {
        var threshold = Parse(Promotion($$"""{ "primaryMetric": "auc", "threshold": {{value}} }""")).Promotion.Threshold!;

        Assert.Equal(new ThresholdSpec { Mode = mode, Value = fixedValue, TuneFor = tuneFor }, threshold);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("\"auc\"")]
    [InlineData("\"businessValue\"")]
    [InlineData("true")]
    public void A_bad_threshold_is_named_by_its_json_path(string value)
    {
        var error = Assert.Single(Errors(Promotion($$"""{ "primaryMetric": "auc", "threshold": {{value}} }""")));

        Assert.Equal("$.promotion.threshold", error.Path);
    }

    private static PipelineSpec Parse(string json)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(json);
        Assert.Empty(errors);
        return spec!;
    }

    private static IReadOnlyList<SpecError> Errors(string json) => PipelineSpecParser.TryParse(json).Errors;

    private static string Promotion(string promotion) => Samples.SpecWith(s => s["promotion"] = JsonNode.Parse(promotion));
}
