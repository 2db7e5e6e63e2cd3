using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>Trainers per task, hyper-parameter grids and cross-validation in a spec, each problem at its JSON path.</summary>
public sealed class PipelineSpecTrainersTests
{
    public static TheoryData<string> Tasks => [.. TaskTypes.All];

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Every_trainer_of_a_task_is_accepted_with_its_parameters_at_their_defaults(string task)
    {
        var trainers = new JsonArray([.. TrainerCatalog.For(task).Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["parameters"] = new JsonObject(t.Parameters.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Default))),
        })]);

        var errors = TrainerErrors(Spec(task, trainers));

        Assert.Empty(errors);
        Assert.Contains(TrainerCatalog.For(task), t => t.Name == "LightGbm");
        Assert.Contains(TrainerCatalog.For(task), t => t.Name == "FastTree");
        Assert.Contains(TrainerCatalog.For(task), t => t.Name == "FastForest");
        Assert.Contains(TrainerCatalog.For(task), t => t.NeedsNormalizedFeatures);
    }

    [Fact]
    public void A_trainer_of_another_task_is_reported_with_the_ones_available()
    {
        var error = Assert.Single(TrainerErrors(Spec(TaskTypes.Regression, Trainers("LightGbm", "SdcaLogisticRegression"))));

        Assert.Equal("$.trainers[1].name", error.Path);
        Assert.Equal(
            "'SdcaLogisticRegression' is not available for regression (it is for binary-classification); available: LightGbm, FastTree, FastForest, Sdca, LbfgsPoissonRegression",
            error.Message);
    }

    [Fact]
    public void An_unknown_trainer_lists_the_trainers_of_the_spec_task()
    {
        var error = Assert.Single(TrainerErrors(Spec(TaskTypes.Multiclass, Trainers("XGBoost"))));

        Assert.Equal("$.trainers[0].name", error.Path);
        Assert.Equal("unknown trainer 'XGBoost'; known trainers: LightGbm, FastTree, FastForest, SdcaMaximumEntropy, LbfgsMaximumEntropy", error.Message);
    }

    [Fact]
    public void An_unknown_parameter_of_a_task_trainer_is_reported()
    {
        var trainers = Trainers("LbfgsMaximumEntropy");
        trainers[0]!["parameters"] = new JsonObject { ["numberOfTrees"] = 10 };

        var error = Assert.Single(TrainerErrors(Spec(TaskTypes.Multiclass, trainers)));

        Assert.Equal("$.trainers[0].parameters.numberOfTrees", error.Path);
        Assert.Equal("unknown parameter for LbfgsMaximumEntropy; known: l2Regularization, l1Regularization", error.Message);
    }

    [Fact]
    public void An_array_of_values_is_a_grid_beside_the_fixed_parameters()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = new JsonArray(7, 15, 31);
            s["trainers"]![0]!["parameters"]!["learningRate"] = new JsonArray(0.1);
        });

        var (spec, errors) = PipelineSpecParser.TryParse(json);

        Assert.Empty(errors);
        var lightGbm = spec!.Trainers[0];
        Assert.Equal([7.0, 15.0, 31.0], lightGbm.Grid["numberOfLeaves"]);
        Assert.Equal([0.1], lightGbm.Grid["learningRate"]);
        Assert.Equal(100, lightGbm.Parameters["numberOfIterations"]);
        Assert.False(lightGbm.Parameters.ContainsKey("numberOfLeaves"));
        Assert.Equal(
            ["lightgbm-1", "lightgbm-2", "lightgbm-3", "fasttree", "sdcalogisticregression"],
            CandidatePlan.Expand(spec).Select(c => c.Id));
    }

    [Fact]
    public void Grid_values_are_checked_one_by_one_at_their_paths()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = new JsonArray(7, "15", 2000, 7);
            s["trainers"]![1]!["parameters"]!["numberOfTrees"] = new JsonArray();
        });

        var errors = TrainerErrors(json);

        Assert.Equal(
            [
                "$.trainers[0].parameters.numberOfLeaves[1]: must be a number",
                "$.trainers[0].parameters.numberOfLeaves[2]: must be a whole number from 2 to 1024 (was 2000)",
                "$.trainers[0].parameters.numberOfLeaves[3]: repeats 7; each grid value makes a candidate, so list it once",
                "$.trainers[1].parameters.numberOfTrees: an empty grid; give at least one value",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Grids_that_make_too_many_candidates_are_refused()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = new JsonArray(4, 8, 16, 32, 64);
            s["trainers"]![0]!["parameters"]!["learningRate"] = new JsonArray(0.01, 0.03, 0.1, 0.3);
            s["trainers"]![0]!["parameters"]!["numberOfIterations"] = new JsonArray(50, 100, 200, 400);
        });

        var error = Assert.Single(TrainerErrors(json));

        Assert.Equal("$.trainers", error.Path);
        Assert.Equal("the trainers and their grids make 82 candidates; at most 64 are allowed (use fewer values in the grids)", error.Message); // 5 × 4 × 4 + 2
    }

    [Fact]
    public void Exactly_the_largest_allowed_number_of_candidates_is_accepted()
    {
        var json = Samples.SpecWith(s =>
        {
            s["trainers"]![0]!["parameters"]!["numberOfLeaves"] = new JsonArray(4, 8, 16, 32, 64, 128, 256, 512);
            s["trainers"]![0]!["parameters"]!["numberOfIterations"] = new JsonArray(10, 20, 40, 80, 160, 320, 640);
            s["trainers"]![1]!["parameters"]!["numberOfTrees"] = new JsonArray(10, 20, 40, 80, 160, 320, 640);
        });

        Assert.Empty(TrainerErrors(json));
        Assert.Equal(CandidatePlan.MaxCandidates, PipelineSpecParser.TryParse(json).Spec!.Trainers.Sum(CandidatePlan.Count));
    }

    [Fact]
    public void Cross_validation_is_off_unless_asked_for()
    {
        var (spec, _) = PipelineSpecParser.TryParse(Samples.SpecJson);

        Assert.Equal(0, spec!.CrossValidationFolds);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public void Cross_validation_takes_two_to_ten_folds(int folds)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(Samples.SpecWith(s => s["crossValidation"] = new JsonObject { ["folds"] = folds }));

        Assert.Empty(errors);
        Assert.Equal(folds, spec!.CrossValidationFolds);
    }

    [Theory]
    [InlineData("{\"folds\": 1}", "$.crossValidation.folds", "must be a whole number from 2 to 10 (was 1)")]
    [InlineData("{\"folds\": 11}", "$.crossValidation.folds", "must be a whole number from 2 to 10 (was 11)")]
    [InlineData("{\"folds\": 2.5}", "$.crossValidation.folds", "must be a whole number from 2 to 10 (was 2.5)")]
    [InlineData("{\"folds\": \"5\"}", "$.crossValidation.folds", "must be a number")]
    [InlineData("{}", "$.crossValidation.folds", "required: a whole number from 2 to 10, or leave crossValidation out")]
    [InlineData("5", "$.crossValidation", "must be an object like {\"folds\": 5}")]
    [InlineData("{\"folds\": 5, \"shuffle\": true}", "$.crossValidation.shuffle", "unknown setting; crossValidation has 'folds'")]
    public void Bad_cross_validation_settings_are_reported_at_their_paths(string value, string path, string message)
    {
        var error = Assert.Single(TrainerErrors(Samples.SpecWith(s => s["crossValidation"] = JsonNode.Parse(value))));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("penguins", "penguins.json")]
    [InlineData("diamonds", "diamonds.json")]
    [InlineData("telco-churn", "telco-churn.json")]
    [InlineData("breast-cancer", "breast-cancer.json")]
    public void Sample_specs_have_valid_trainers_grids_and_cross_validation(string folder, string file)
    {
        var json = File.ReadAllText(RepoRoot.Combine("samples", folder, file));

        Assert.Empty(TrainerErrors(json));
    }

    [Fact]
    public void The_breast_cancer_sample_expands_its_grid_into_numbered_candidates()
    {
        var spec = PipelineSpecParser.Parse(File.ReadAllText(RepoRoot.Combine("samples", "breast-cancer", "breast-cancer.json")), "breast-cancer.json");

        Assert.Equal(5, spec.CrossValidationFolds);
        Assert.Equal(
            ["lightgbm-1", "lightgbm-2", "lightgbm-3", "lightgbm-4", "sdcalogisticregression"],
            CandidatePlan.Expand(spec).Select(c => c.Id));
    }

    // Only the settings this part of the parser owns, so these tests do not depend on how promotion is validated per task.
    private static List<SpecError> TrainerErrors(string json) =>
        [.. PipelineSpecParser.TryParse(json).Errors.Where(e => e.Path.StartsWith("$.trainers", StringComparison.Ordinal) || e.Path.StartsWith("$.crossValidation", StringComparison.Ordinal))];

    private static JsonArray Trainers(params string[] names) =>
        new([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n })]);

    private static string Spec(string task, JsonArray trainers) => new JsonObject
    {
        ["name"] = "spec",
        ["task"] = task,
        ["label"] = "y",
        ["trainers"] = trainers,
        ["promotion"] = new JsonObject { ["primaryMetric"] = MetricCatalog.DefaultPrimary(task) },
    }.ToJsonString();
}
