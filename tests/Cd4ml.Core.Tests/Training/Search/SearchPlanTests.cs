using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training.Search;

namespace Cd4ml.Core.Tests.Training.Search;

/// <summary>The configurations and rungs a search plans: seeded, reproducible, inside the spec's ranges.</summary>
public sealed class SearchPlanTests
{
    private const string Trainers = """
        [
          { "name": "LightGbm", "parameters": { "numberOfLeaves": { "min": 8, "max": 256, "scale": "log" }, "learningRate": { "min": 0.01, "max": 0.3, "scale": "log" }, "numberOfIterations": [50, 100, 200] } },
          { "name": "FastTree", "parameters": { "numberOfLeaves": { "min": 4, "max": 64 }, "numberOfTrees": 50 } }
        ]
        """;

    [Fact]
    public void The_same_spec_and_seed_plan_the_same_configurations()
    {
        var first = SearchPlan.For(Spec(seed: 42, maxCandidates: 81));
        var second = SearchPlan.For(Spec(seed: 42, maxCandidates: 81));

        Assert.Equal(81, first.Configurations.Count);
        Assert.Equal(Describe(first), Describe(second));
    }

    [Fact]
    public void Another_seed_plans_other_configurations()
    {
        Assert.NotEqual(Describe(SearchPlan.For(Spec(seed: 42, maxCandidates: 27))), Describe(SearchPlan.For(Spec(seed: 43, maxCandidates: 27))));
    }

    [Fact]
    public void Configurations_stay_in_their_ranges_and_whole_parameters_stay_whole()
    {
        var plan = SearchPlan.For(Spec(seed: 42, maxCandidates: 81));

        var lightGbm = plan.Configurations.Where(c => c.Trainer.Name == "LightGbm").Select(c => c.Trainer.Parameters).ToList();
        var fastTree = plan.Configurations.Where(c => c.Trainer.Name == "FastTree").Select(c => c.Trainer.Parameters).ToList();
        // Trainers take turns; a FastTree draw that repeats an earlier one (61 possible leaf counts) is dropped.
        Assert.Equal(81, lightGbm.Count + fastTree.Count);
        Assert.InRange(fastTree.Count, 27, 40);
        Assert.All(lightGbm, p =>
        {
            Assert.InRange(p["numberOfLeaves"], 8, 256);
            Assert.Equal(Math.Floor(p["numberOfLeaves"]), p["numberOfLeaves"]);
            Assert.InRange(p["learningRate"], 0.01, 0.3);
            Assert.Contains(p["numberOfIterations"], new[] { 50.0, 100, 200 });
        });
        Assert.All(fastTree, p =>
        {
            Assert.InRange(p["numberOfLeaves"], 4, 64);
            Assert.Equal(50, p["numberOfTrees"]);
        });
        // A log scale spends as many draws below the geometric middle (√(8·256) ≈ 45) as above it.
        Assert.InRange(lightGbm.Count(p => p["numberOfLeaves"] < 45), 12, 29);
    }

    [Fact]
    public void Ids_name_the_trainer_and_the_draw_and_are_distinct()
    {
        var ids = SearchPlan.For(Spec(seed: 42, maxCandidates: 27)).Configurations.Select(c => c.Id).ToList();

        Assert.Equal("lightgbm-s01", ids[0]);
        Assert.Equal("fasttree-s02", ids[1]);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_space_smaller_than_max_candidates_plans_each_configuration_once()
    {
        var spec = PipelineSpecParser.Parse(Samples.SpecWith(s =>
        {
            s["search"] = new JsonObject { ["maxCandidates"] = 27 };
            s["trainers"] = JsonNode.Parse("""[{ "name": "LightGbm", "parameters": { "numberOfLeaves": [7, 15, 31] } }, { "name": "SdcaLogisticRegression" }]""");
        }), "spec.json");

        var plan = SearchPlan.For(spec);

        Assert.Equal(4, plan.Configurations.Count);
        Assert.Equal([new RungPlan(0, 4, 1.0 / 3), new RungPlan(1, 1, 1)], plan.Rungs);
    }

    [Theory]
    [InlineData(81, 3, new[] { 81, 27, 9, 3, 1 })]
    [InlineData(27, 3, new[] { 27, 9, 3, 1 })]
    [InlineData(20, 3, new[] { 20, 6, 2 })]
    [InlineData(16, 2, new[] { 16, 8, 4, 2, 1 })]
    [InlineData(2, 3, new[] { 2 })]
    public void Rungs_shrink_by_eta_and_the_last_trains_at_full_size(int count, int eta, int[] sizes)
    {
        var rungs = SearchPlan.RungsFor(count, eta);

        Assert.Equal(sizes, rungs.Select(r => r.Size));
        Assert.Equal(1, rungs[^1].Budget);
        Assert.True(rungs[^1].IsFinal);
        for (var k = 1; k < rungs.Count; k++)
        {
            Assert.Equal(rungs[k - 1].Budget * eta, rungs[k].Budget, 12);
        }
    }

    private static IEnumerable<string> Describe(SearchPlan plan) =>
        plan.Configurations.Select(c => $"{c.Id}:{string.Join(",", c.Trainer.Parameters.Select(p => FormattableString.Invariant($"{p.Key}={p.Value:R}")))}");

    private static PipelineSpec Spec(int seed, int maxCandidates) => PipelineSpecParser.Parse(Samples.SpecWith(s =>
    {
        s["search"] = new JsonObject { ["strategy"] = "successive-halving", ["maxCandidates"] = maxCandidates, ["eta"] = 3, ["seed"] = seed };
        s["trainers"] = JsonNode.Parse(Trainers);
    }), "spec.json");
}
