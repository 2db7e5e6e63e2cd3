using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Training;

/// <summary>Grids expand into candidates in a fixed order with ids that do not change for specs without grids.</summary>
public sealed class CandidatePlanTests
{
    [Fact]
    public void Trainers_without_grids_keep_their_lower_case_names_as_ids()
    {
        var plan = CandidatePlan.Expand([Trainer("LightGbm"), Trainer("FastTree"), Trainer("SdcaLogisticRegression")]);

        Assert.Equal(["lightgbm", "fasttree", "sdcalogisticregression"], plan.Select(c => c.Id));
        Assert.All(plan, c => Assert.Empty(c.Trainer.Grid));
    }

    [Fact]
    public void A_trainer_listed_twice_is_numbered_in_spec_order()
    {
        var plan = CandidatePlan.Expand([Trainer("LightGbm"), Trainer("FastTree"), Trainer("LightGbm", ("numberOfLeaves", 7))]);

        Assert.Equal(["lightgbm-1", "fasttree", "lightgbm-2"], plan.Select(c => c.Id));
        Assert.Equal(7, plan[2].Trainer.Parameters["numberOfLeaves"]);
    }

    [Fact]
    public void A_grid_is_the_cross_product_with_the_fixed_parameters_last_parameter_fastest()
    {
        var lightGbm = Trainer("LightGbm", ("numberOfIterations", 50)) with
        {
            Grid = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal)
            {
                ["numberOfLeaves"] = [7, 15, 31],
                ["learningRate"] = [0.05, 0.1],
            },
        };

        var plan = CandidatePlan.Expand([lightGbm, Trainer("FastTree")]);

        Assert.Equal(["lightgbm-1", "lightgbm-2", "lightgbm-3", "lightgbm-4", "lightgbm-5", "lightgbm-6", "fasttree"], plan.Select(c => c.Id));
        Assert.Equal(
            [(0.05, 7.0), (0.05, 15.0), (0.05, 31.0), (0.1, 7.0), (0.1, 15.0), (0.1, 31.0)],
            plan.Take(6).Select(c => (c.Trainer.Parameters["learningRate"], c.Trainer.Parameters["numberOfLeaves"])));
        Assert.All(plan.Take(6), c => Assert.Equal(50, c.Trainer.Parameters["numberOfIterations"]));
        Assert.All(plan, c => Assert.Empty(c.Trainer.Grid));
        Assert.Equal(6, CandidatePlan.Count(lightGbm));
    }

    [Fact]
    public void A_grid_of_one_value_is_one_candidate_with_the_plain_id()
    {
        var trainer = Trainer("FastTree") with
        {
            Grid = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal) { ["numberOfTrees"] = [50] },
        };

        var candidate = Assert.Single(CandidatePlan.Expand([trainer]));

        Assert.Equal("fasttree", candidate.Id);
        Assert.Equal(50, candidate.Trainer.Parameters["numberOfTrees"]);
    }

    [Fact]
    public void Expanding_the_same_spec_twice_gives_the_same_candidates()
    {
        var spec = TrainingSamples.PenguinsSpec with
        {
            Trainers =
            [
                Trainer("LightGbm") with { Grid = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal) { ["numberOfLeaves"] = [7, 15] } },
                Trainer("LbfgsMaximumEntropy"),
            ],
        };

        var first = CandidatePlan.Expand(spec);
        var second = CandidatePlan.Expand(spec);

        Assert.Equal(first.Select(c => (c.Id, string.Join(",", c.Trainer.Parameters))), second.Select(c => (c.Id, string.Join(",", c.Trainer.Parameters))));
        Assert.Equal(["lightgbm-1", "lightgbm-2", "lbfgsmaximumentropy"], first.Select(c => c.Id));
    }

    [Fact]
    public void Training_a_trainer_that_still_has_a_grid_is_refused()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec);
        var trainer = Trainer("LightGbm") with
        {
            Grid = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal) { ["numberOfLeaves"] = [7, 15] },
        };

        var ex = Assert.Throws<ArgumentException>(() => CandidateTrainer.Train(ml, data, trainer, 42));

        Assert.Contains("CandidatePlan.Expand", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_a_trainer_of_another_task_is_refused()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.Diamonds, TrainingSamples.DiamondsSpec);

        var ex = Assert.Throws<ArgumentException>(() => CandidateTrainer.Train(ml, data, Trainer("SdcaLogisticRegression"), 42));

        Assert.StartsWith("trainer 'SdcaLogisticRegression' is not available for regression", ex.Message, StringComparison.Ordinal);
    }

    private static TrainerSpec Trainer(string name, params (string Name, double Value)[] parameters) => new()
    {
        Name = name,
        Parameters = new SortedDictionary<string, double>(parameters.ToDictionary(p => p.Name, p => p.Value), StringComparer.Ordinal),
    };
}
