using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Search;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training.Search;

/// <summary>A rung's budget cuts the training rows (seeded, the same for every configuration) and never the holdout.</summary>
public sealed class SearchBudgetTests
{
    [Fact]
    public void A_share_of_the_training_rows_is_the_same_seeded_subsample_each_time_and_the_holdout_is_untouched()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.BreastCancer, TrainingSamples.BreastCancerSpec);
        var rows = Count(data.Train);

        var ninth = data.WithTrainingShare(ml, 1.0 / 9, SearchBudget.RowSeed(42));
        var again = data.WithTrainingShare(ml, 1.0 / 9, SearchBudget.RowSeed(42));
        var third = data.WithTrainingShare(ml, 1.0 / 3, SearchBudget.RowSeed(42));

        Assert.InRange(Count(ninth.Train), rows / 9 * 0.5, rows / 9 * 1.5);
        Assert.InRange(Count(third.Train), rows / 3 * 0.7, rows / 3 * 1.3);
        Assert.Equal(Labels(ninth.Train), Labels(again.Train));
        Assert.Same(data.Holdout, ninth.Holdout);
        Assert.Same(data, data.WithTrainingShare(ml, 1, SearchBudget.RowSeed(42)));
    }

    [Fact]
    public void A_configuration_trains_and_is_validated_on_its_budget()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.BreastCancer, TrainingSamples.BreastCancerSpec);
        var trainer = new Cd4ml.Core.Specs.TrainerSpec { Name = "LightGbm", Parameters = new Dictionary<string, double> { ["minimumExampleCountPerLeaf"] = 5 } };
        var validation = Cd4ml.Core.Training.Decisions.ValidationPlan.For(TrainingSamples.BreastCancerSpec, 2);

        var small = CandidateTrainer.Train(ml, data.WithTrainingShare(ml, 1.0 / 3, SearchBudget.RowSeed(42)), trainer, 42, validation);
        var full = CandidateTrainer.Train(ml, data, trainer, 42, validation);

        Assert.True(small.Selection!.Rows < full.Selection!.Rows, $"{small.Selection.Rows} validation rows on a third, {full.Selection.Rows} on all");
        Assert.Equal(full.Metrics.HoldoutRows, small.Metrics.HoldoutRows);
    }

    private static double Count(IDataView view) => view.GetRowCount() ?? view.Preview(100_000).RowView.Length;

    private static bool[] Labels(IDataView view) => [.. view.GetColumn<bool>(TrainingData.LabelColumn)];
}
