using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>Pipeline spec validation: every problem reported at once, each at its JSON path (RELIABILITY 30).</summary>
public sealed class PipelineSpecParserTests
{
    private const string Minimal = """
        {
          "name": "churn",
          "label": "Churned",
          "trainers": [{ "name": "LightGbm" }],
          "promotion": { "primaryMetric": "auc" }
        }
        """;

    [Fact]
    public void Sample_spec_parses_into_its_settings()
    {
        var spec = PipelineSpecParser.Parse(Samples.SpecJson, Samples.SpecPath);

        Assert.Equal("credit-risk", spec.Name);
        Assert.Equal(PipelineSpecParser.BinaryClassification, spec.Task);
        Assert.Equal("Status", spec.Label);
        Assert.Equal("bad", spec.PositiveClass);
        Assert.Empty(spec.Exclude);
        Assert.Equal(0.2, spec.TestFraction);
        Assert.Equal(42, spec.Seed);
        Assert.Equal(["LightGbm", "FastTree", "SdcaLogisticRegression"], spec.Trainers.Select(t => t.Name));
        Assert.Equal(15, spec.Trainers[0].Parameters["numberOfLeaves"]);
        Assert.Equal(0.05, spec.Trainers[0].Parameters["learningRate"]);
        Assert.Empty(spec.Trainers[2].Parameters);
        Assert.Equal("auc", spec.Promotion.PrimaryMetric);
        Assert.Equal(0.002, spec.Promotion.MinImprovement);
    }

    [Fact]
    public void Omitted_optional_settings_take_their_defaults()
    {
        var (spec, errors) = PipelineSpecParser.TryParse(Minimal);

        Assert.Empty(errors);
        Assert.NotNull(spec);
        Assert.Equal("binary-classification", spec.Task);
        Assert.Null(spec.PositiveClass);
        Assert.Empty(spec.Exclude);
        Assert.Equal(0.2, spec.TestFraction);
        Assert.Equal(42, spec.Seed);
        Assert.Empty(spec.Trainers[0].Parameters);
        Assert.Equal(0, spec.Promotion.MinImprovement);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var json = """
            {
              // which column the model predicts
              "name": "churn",
              "label": "Churned",
              "trainers": [{ "name": "LightGbm", },],
              "promotion": { "primaryMetric": "auc", },
            }
            """;

        var (spec, errors) = PipelineSpecParser.TryParse(json);

        Assert.Empty(errors);
        Assert.Equal("churn", spec?.Name);
    }

    [Fact]
    public void Unknown_trainer_is_reported_with_its_json_path()
    {
        var json = Samples.SpecWith(s => s["trainers"]![1]!["name"] = "XGBoost");

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.trainers[1].name", error.Path);
        Assert.Equal(
            "unknown trainer 'XGBoost'; known trainers: LightGbm, FastTree, FastForest, SdcaLogisticRegression, LbfgsLogisticRegression",
            error.Message);
    }

    [Fact]
    public void Trainer_names_are_case_sensitive()
    {
        var json = Samples.SpecWith(s => s["trainers"]![0]!["name"] = "lightgbm");

        Assert.Equal("$.trainers[0].name", Assert.Single(Errors(json)).Path);
    }

    [Fact]
    public void Unknown_parameter_is_reported_with_its_json_path_and_the_known_ones()
    {
        var json = Samples.SpecWith(s => s["trainers"]![0]!["parameters"]!["foo"] = 1);

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.trainers[0].parameters.foo", error.Path);
        Assert.Equal(
            "unknown parameter for LightGbm; known: numberOfLeaves, numberOfIterations, learningRate, minimumExampleCountPerLeaf",
            error.Message);
    }

    [Theory]
    [InlineData("numberOfLeaves", 1, "must be a whole number from 2 to 1024 (was 1)")]
    [InlineData("numberOfLeaves", 2000, "must be a whole number from 2 to 1024 (was 2000)")]
    [InlineData("numberOfLeaves", 15.5, "must be a whole number from 2 to 1024 (was 15.5)")]
    [InlineData("learningRate", 0, "must be a number from 0.0001 to 1 (was 0)")]
    [InlineData("learningRate", 1.5, "must be a number from 0.0001 to 1 (was 1.5)")]
    public void Out_of_range_parameter_is_reported_with_the_allowed_range(string parameter, double value, string message)
    {
        var json = Samples.SpecWith(s => s["trainers"]![0]!["parameters"]![parameter] = value);

        var error = Assert.Single(Errors(json));

        Assert.Equal($"$.trainers[0].parameters.{parameter}", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parameter_bounds_are_inclusive()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = 2;
            s["trainers"]![0]!["parameters"]!["learningRate"] = 1;
            s["trainers"]![1]!["parameters"]!["numberOfLeaves"] = 1024;
        });

        Assert.Empty(Errors(json));
    }

    [Fact]
    public void Parameter_given_as_text_is_reported()
    {
        var json = Samples.SpecWith(s => s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = "15");

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.trainers[0].parameters.numberOfLeaves", error.Path);
        Assert.Equal("must be a number", error.Message);
    }

    [Fact]
    public void Unknown_metric_is_reported_with_its_json_path_and_the_known_ones()
    {
        var json = Samples.SpecWith(s => s["promotion"]!["primaryMetric"] = "rmse");

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.promotion.primaryMetric", error.Path);
        Assert.Equal("unknown metric 'rmse'; known metrics: auc, accuracy, f1, auprc, logLoss", error.Message);
    }

    [Theory]
    [InlineData(-0.01, "must be from 0 to 1 (was -0.01)")]
    [InlineData(1.5, "must be from 0 to 1 (was 1.5)")]
    public void Min_improvement_outside_0_to_1_is_reported(double value, string message)
    {
        var json = Samples.SpecWith(s => s["promotion"]!["minImprovement"] = value);

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.promotion.minImprovement", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.01)]
    [InlineData(0.51)]
    [InlineData(1)]
    public void Test_fraction_outside_5_to_50_percent_is_reported(double value)
    {
        var json = Samples.SpecWith(s => s["testFraction"] = value);

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.testFraction", error.Path);
        Assert.StartsWith("must be between 0.05 and 0.5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void Test_fraction_bounds_are_inclusive(double value)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(Samples.SpecWith(s => s["testFraction"] = value));

        Assert.Empty(errors);
        Assert.Equal(value, spec?.TestFraction);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1.5)]
    [InlineData(3_000_000_000d)]
    public void Seed_that_is_not_a_whole_non_negative_int_is_reported(double value)
    {
        var json = Samples.SpecWith(s => s["seed"] = value);

        Assert.Equal("$.seed", Assert.Single(Errors(json)).Path);
    }

    [Theory]
    [InlineData("Credit-Risk")]
    [InlineData("credit_risk")]
    [InlineData("-credit")]
    [InlineData("credit-")]
    [InlineData("../credit")]
    [InlineData("credit risk")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64 characters
    public void Bad_pipeline_name_is_reported_with_the_naming_rule(string name)
    {
        var json = Samples.SpecWith(s => s["name"] = name);

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.name", error.Path);
        Assert.Equal($"'{name}' is not a valid name: {PipelineNames.Rule}", error.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("credit-risk-2")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 63 characters
    public void Good_pipeline_names_are_accepted(string name)
    {
        Assert.Empty(Errors(Samples.SpecWith(s => s["name"] = name)));
    }

    [Fact]
    public void Label_that_is_also_excluded_is_reported()
    {
        var json = Samples.SpecWith(s => s["exclude"] = new JsonArray("Id", "Status"));

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.exclude", error.Path);
        Assert.Equal("the label column 'Status' cannot also be excluded", error.Message);
    }

    [Fact]
    public void Unknown_top_level_setting_is_reported()
    {
        var json = Samples.SpecWith(s => s["trainer"] = "LightGbm");

        var error = Assert.Single(Errors(json));

        Assert.Equal("$.trainer", error.Path);
        Assert.StartsWith("unknown setting; known settings are name, task, label,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_reference_is_not_an_unknown_setting()
    {
        Assert.Empty(Errors(Samples.SpecWith(s => s["$schema"] = "./pipeline-spec.schema.json")));
    }

    [Fact]
    public void Unknown_settings_inside_a_trainer_and_promotion_are_reported()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![2]!["params"] = new JsonObject();
            s["promotion"]!["metric"] = "auc";
        });

        Assert.Equal(["$.promotion.metric", "$.trainers[2].params"], Errors(json).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_task_is_reported()
    {
        var error = Assert.Single(Errors(Samples.SpecWith(s => s["task"] = "ranking")));

        Assert.Equal("$.task", error.Path);
        Assert.Equal("unknown task 'ranking'; supported: binary-classification, multiclass-classification, regression", error.Message);
    }

    [Fact]
    public void Missing_required_fields_are_each_reported()
    {
        var errors = Errors("{}");

        Assert.Equal(["$.label", "$.name", "$.promotion", "$.trainers"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("required", errors.Single(e => e.Path == "$.name").Message);
    }

    [Fact]
    public void Missing_trainer_name_and_primary_metric_are_reported_at_their_paths()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![1]!.AsObject().Remove("name");
            s["promotion"]!.AsObject().Remove("primaryMetric");
        });

        var errors = Errors(json);

        Assert.Equal(["$.promotion.primaryMetric", "$.trainers[1].name"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal("required", e.Message));
    }

    [Fact]
    public void Empty_trainer_list_is_reported()
    {
        var error = Assert.Single(Errors(Samples.SpecWith(s => s["trainers"] = new JsonArray())));

        Assert.Equal("$.trainers", error.Path);
        Assert.Equal("must be a non-empty array of trainers", error.Message);
    }

    [Fact]
    public void Blank_label_is_reported()
    {
        var error = Assert.Single(Errors(Samples.SpecWith(s => s["label"] = " ")));

        Assert.Equal("$.label", error.Path);
        Assert.Equal("must be a non-empty string", error.Message);
    }

    [Fact]
    public void Invalid_json_is_reported_with_line_and_column()
    {
        // Line 3 lacks the ':' between "label" and its value; the reader notices at the value's opening quote.
        var json = "{\n  \"name\": \"credit-risk\",\n  \"label\" \"Status\"\n}";

        var error = Assert.Single(Errors(json));

        Assert.Equal("$", error.Path);
        Assert.StartsWith("not valid JSON at line 3, column 11: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_that_is_not_an_object_is_reported()
    {
        var error = Assert.Single(Errors("[]"));

        Assert.Equal(new SpecError("$", "the spec must be a JSON object"), error);
    }

    [Fact]
    public void Several_problems_in_one_file_are_all_reported()
    {
        var json = Samples.SpecWith(s =>
        {
            s["name"] = "Credit Risk";
            s["exclude"] = new JsonArray("Status");
            s["testFraction"] = 0.9;
            s["retries"] = 3;
            s["trainers"]![0]!["parameters"]!["foo"] = 1;
            s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = 0;
            s["trainers"]![1]!["name"] = "XGBoost";
            s["promotion"]!["primaryMetric"] = "rmse";
            s["promotion"]!["minImprovement"] = -0.5;
        });

        var paths = Errors(json).Select(e => e.Path).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "$.exclude", "$.name", "$.promotion.minImprovement", "$.promotion.primaryMetric", "$.retries",
                "$.testFraction", "$.trainers[0].parameters.foo", "$.trainers[0].parameters.numberOfLeaves", "$.trainers[1].name",
            ],
            paths);
    }

    [Fact]
    public void Parse_throws_with_the_source_and_every_problem()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![1]!["name"] = "XGBoost";
            s["promotion"]!["primaryMetric"] = "rmse";
        });

        var ex = Assert.Throws<InvalidSpecException>(() => PipelineSpecParser.Parse(json, "specs/credit-risk.json"));

        Assert.Equal("specs/credit-risk.json", ex.SpecSource);
        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith("specs/credit-risk.json: the pipeline spec has 2 problem(s):", ex.Message, StringComparison.Ordinal);
        Assert.Contains("  $.trainers[1].name: unknown trainer 'XGBoost'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("  $.promotion.primaryMetric: unknown metric 'rmse'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_catalog_trainer_is_accepted_with_its_parameters_at_their_defaults()
    {
        var trainers = new JsonArray(TrainerCatalog.All
            .Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["parameters"] = new JsonObject(t.Parameters.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Default))),
            })
            .ToArray());

        var (spec, errors) = PipelineSpecParser.TryParse(Samples.SpecWith(s => s["trainers"] = trainers));

        Assert.Empty(errors);
        Assert.Equal(TrainerCatalog.All.Select(t => t.Name), spec!.Trainers.Select(t => t.Name));
    }

    private static IReadOnlyList<SpecError> Errors(string json)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(json);
        Assert.True(errors.Count == 0 == spec is not null, "a spec is returned exactly when there are no errors");
        return errors;
    }

    [Fact]
    public void Invalid_json_names_the_position_once()
    {
        var error = Assert.Single(PipelineSpecParser.TryParse("{\n  \"name\": \"x\",\n  \"label\" \"Status\"\n}").Errors);

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber:", error.Message, StringComparison.Ordinal);
    }
}
