using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>The top-level <c>search</c> and parameter ranges, each problem at its JSON path.</summary>
public sealed class PipelineSpecSearchTests
{
    private const string HalvingSearch = """{ "strategy": "successive-halving", "maxCandidates": 81, "eta": 3, "seed": 7 }""";

    [Fact]
    public void A_search_over_ranges_and_lists_is_read_with_its_settings()
    {
        var spec = Parse(HalvingSearch, """{ "numberOfLeaves": { "min": 8, "max": 256, "scale": "log" }, "learningRate": { "min": 0.01, "max": 0.3 }, "numberOfIterations": [50, 100] }""");

        Assert.Equal(new SearchSpec { Strategy = SearchSpec.SuccessiveHalving, MaxCandidates = 81, Eta = 3, Seed = 7 }, spec.Search);
        var trainer = spec.Trainers[0];
        Assert.Equal(new ParameterRange(8, 256, RangeScales.Log), trainer.Ranges!["numberOfLeaves"]);
        Assert.Equal(new ParameterRange(0.01, 0.3, RangeScales.Linear), trainer.Ranges["learningRate"]);
        Assert.Equal([50.0, 100.0], trainer.Grid["numberOfIterations"]);
    }

    [Fact]
    public void The_search_seed_defaults_to_the_spec_seed()
    {
        var spec = PipelineSpecParser.Parse(Samples.SpecWith(s =>
        {
            s["seed"] = 11;
            s["search"] = new JsonObject { ["maxCandidates"] = 9 };
        }), "spec.json");

        Assert.Equal(11, spec.Search!.Seed);
        Assert.Equal(3, spec.Search.Eta);
    }

    [Fact]
    public void A_spec_without_search_keeps_its_hash_and_has_no_ranges()
    {
        var spec = PipelineSpecParser.Parse(Samples.SpecJson, "credit-risk.json");
        var json = System.Text.Json.JsonSerializer.Serialize(spec, SpecJson.Options);

        Assert.Null(spec.Search);
        Assert.All(spec.Trainers, t => Assert.Null(t.Ranges));
        Assert.DoesNotContain("\"search\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ranges\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "strategy": "random" }""", "$.search.strategy", "unknown strategy 'random'; supported: successive-halving")]
    [InlineData("""{ "eta": 1 }""", "$.search.eta", "must be a whole number from 2 to 10 (was 1)")]
    [InlineData("""{ "eta": 2.5 }""", "$.search.eta", "must be a whole number from 2 to 10 (was 2.5)")]
    [InlineData("""{ "maxCandidates": 1000 }""", "$.search.maxCandidates", "must be a whole number from 2 to 243 (was 1000)")]
    [InlineData("""{ "maxCandidates": 4, "eta": 5 }""", "$.search.maxCandidates", "must be at least eta (5) so that one rung can halve (was 4)")]
    [InlineData("""{ "seed": -1 }""", "$.search.seed", "must be a whole number from 0 to 2147483647 (was -1)")]
    [InlineData("""{ "budget": "rows" }""", "$.search.budget", "unknown setting; search has 'strategy', 'maxCandidates', 'eta', 'seed'")]
    [InlineData("3", "$.search", "must be an object like {\"strategy\": \"successive-halving\", \"maxCandidates\": 27, \"eta\": 3}")]
    public void Bad_search_settings_are_reported_at_their_paths(string search, string path, string message)
    {
        var error = Assert.Single(Errors(search, """{ "numberOfLeaves": [7, 15] }"""));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{ "min": 64, "max": 8 }""", "$.trainers[0].parameters.numberOfLeaves", "min (64) must be less than max (8)")]
    [InlineData("""{ "min": 8, "max": 8 }""", "$.trainers[0].parameters.numberOfLeaves", "min (8) must be less than max (8)")]
    [InlineData("""{ "min": 1, "max": 500 }""", "$.trainers[0].parameters.numberOfLeaves.min", "must be a whole number from 2 to 1024 (was 1)")]
    [InlineData("""{ "min": 8.5, "max": 64 }""", "$.trainers[0].parameters.numberOfLeaves.min", "must be a whole number from 2 to 1024 (was 8.5)")]
    [InlineData("""{ "max": 64 }""", "$.trainers[0].parameters.numberOfLeaves.min", "required: a range has both 'min' and 'max'")]
    [InlineData("""{ "min": 8, "max": 64, "scale": "exp" }""", "$.trainers[0].parameters.numberOfLeaves.scale", "must be 'linear' or 'log' (was 'exp')")]
    [InlineData("""{ "min": 8, "max": 64, "step": 2 }""", "$.trainers[0].parameters.numberOfLeaves.step", "unknown setting; a range has 'min', 'max' and 'scale'")]
    public void Bad_ranges_are_reported_at_their_paths(string range, string path, string message)
    {
        var error = Assert.Single(Errors(HalvingSearch, $$"""{ "numberOfLeaves": {{range}} }"""));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_log_range_needs_a_minimum_above_zero()
    {
        var spec = Samples.SpecWith(s =>
        {
            s["search"] = JsonNode.Parse(HalvingSearch);
            s["trainers"] = JsonNode.Parse("""[{ "name": "SdcaLogisticRegression", "parameters": { "l2Regularization": { "min": 0, "max": 10, "scale": "log" } } }]""");
        });

        var error = Assert.Single(PipelineSpecParser.TryParse(spec).Errors);

        Assert.Equal("$.trainers[0].parameters.l2Regularization.min", error.Path);
        Assert.Equal("a log scale needs min above 0 (was 0)", error.Message);
    }

    [Fact]
    public void A_range_without_a_search_is_refused()
    {
        var error = Assert.Single(Errors(null, """{ "numberOfLeaves": { "min": 8, "max": 64 } }"""));

        Assert.Equal("$.trainers[0].parameters.numberOfLeaves", error.Path);
        Assert.StartsWith("a range is sampled only by a search", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_samples_from_grids_larger_than_the_candidate_limit()
    {
        // 10 × 10 = 100 grid points: too many candidates without a search, a space to sample with one.
        const string Grid = """{ "numberOfLeaves": [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024], "numberOfIterations": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] }""";

        Assert.Empty(Errors(HalvingSearch, Grid));
        Assert.Contains(Errors(null, Grid), e => e.Path == "$.trainers" && e.Message.Contains($"at most {CandidatePlan.MaxCandidates}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_search_sample_plans_its_configurations_in_four_rungs()
    {
        var spec = PipelineSpecParser.Parse(File.ReadAllText(RepoRoot.Combine("samples", "breast-cancer", "breast-cancer-search.json")), "breast-cancer-search.json");

        var plan = Cd4ml.Core.Training.Search.SearchPlan.For(spec);

        Assert.Equal(27, plan.Configurations.Count);
        Assert.Equal([27, 9, 3, 1], plan.Rungs.Select(r => r.Size));
    }

    private static PipelineSpec Parse(string? search, string lightGbmParameters) =>
        PipelineSpecParser.Parse(Spec(search, lightGbmParameters), "spec.json");

    private static IReadOnlyList<SpecError> Errors(string? search, string lightGbmParameters) =>
        PipelineSpecParser.TryParse(Spec(search, lightGbmParameters)).Errors;

    private static string Spec(string? search, string lightGbmParameters) => Samples.SpecWith(s =>
    {
        if (search is not null)
        {
            s["search"] = JsonNode.Parse(search);
        }

        s["trainers"] = new JsonArray(new JsonObject { ["name"] = "LightGbm", ["parameters"] = JsonNode.Parse(lightGbmParameters) });
    });
}
