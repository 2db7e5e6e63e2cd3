using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training.Decisions;

public sealed class DecisionThresholdTests
{
    private static readonly TrainerSpec s_lightGbm = new()
    {
        Name = "LightGbm",
        Parameters = new Dictionary<string, double> { ["numberOfLeaves"] = 15, ["numberOfIterations"] = 100, ["learningRate"] = 0.05 },
    };

    [Fact]
    public void Threshold_tuned_for_f1_on_a_skewed_dataset_beats_the_default_on_the_holdout()
    {
        var atDefault = Train(SkewedCredit.Spec("f1", new ThresholdSpec { Mode = ThresholdSpec.Default }));
        var tuned = Train(SkewedCredit.Spec("f1"));

        Assert.Equal(ThresholdSources.Default, atDefault.Threshold!.Source);
        Assert.Equal(ThresholdSources.Tuned, tuned.Threshold!.Source);
        Assert.Equal(SelectionSources.ValidationSplit, tuned.Threshold.ChosenOn);
        Assert.True(tuned.Threshold.Probability < 0.5, $"a rare positive class should need a probability below 0.5, got {tuned.Threshold}");
        Assert.True(tuned.Metrics[BinaryMetricNames.F1] > atDefault.Metrics[BinaryMetricNames.F1] + 0.05,
            $"holdout F1 tuned {tuned.Metrics[BinaryMetricNames.F1]:0.000} vs default {atDefault.Metrics[BinaryMetricNames.F1]:0.000}");
        // The threshold moves decisions only: the ranking, and so the AUC, is the same model's.
        Assert.Equal(atDefault.Metrics[BinaryMetricNames.Auc], tuned.Metrics[BinaryMetricNames.Auc], 9);
    }

    [Fact]
    public void The_saved_model_predicts_with_the_tuned_threshold()
    {
        var spec = SkewedCredit.Spec("f1");
        var trained = Train(spec);
        var ml = new MLContext(spec.Seed);
        var model = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);

        Assert.Equal(trained.Threshold!.Score, ModelThreshold.Of(model), 5);
        var scored = model.Transform(ml.Data.LoadFromTextFile(SkewedCredit.Path, TrainingDataColumns(), separatorChar: ',', hasHeader: true));
        var scores = scored.GetColumn<float>("Score").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        Assert.Equal(scores.Select(s => s > trained.Threshold.Score), predicted);
        Assert.Contains(predicted, p => p);
        Assert.Equal(trained.Predictions.Predicted.Count(p => p == 1f),
            trained.Predictions.Score.Count(p => p > trained.Threshold.Probability!.Value));
    }

    [Fact]
    public void A_threshold_set_in_the_spec_is_a_probability_and_is_used_as_given()
    {
        var trained = Train(SkewedCredit.Spec("auc", new ThresholdSpec { Mode = ThresholdSpec.Fixed, Value = 0.2 }));

        Assert.Equal(ThresholdSources.Spec, trained.Threshold!.Source);
        Assert.Equal(0.2, trained.Threshold.Probability!.Value, 4);
        Assert.Equal(trained.Predictions.Score.Count(p => p > 0.2f), trained.Predictions.Predicted.Count(p => p == 1f));
    }

    [Fact]
    public void Tuning_picks_the_cut_with_the_best_value_on_hand_made_scores()
    {
        // Scores high to low: +, +, -, +, -, -. Cutting after the 4th row keeps 3 TP, 1 FP: F1 6/7, the best.
        var rows = new ValidationScores([true, true, false, true, false, false], [0.9f, 0.8f, 0.7f, 0.6f, 0.4f, 0.1f]);

        var f1 = ThresholdTuner.Choose(rows, BinaryMetricNames.F1, null);

        Assert.Equal(0.5, f1.Score, 6);
        Assert.Equal(6.0 / 7, f1.Value, 9);
        Assert.Equal(new ConfusionCounts(3, 1, 0, 2), rows.At(f1.Score));

        // Refusing a good loan (FP) costs 1, missing a bad one (FN) costs 10: flag everything above the last positive.
        var value = ThresholdTuner.Choose(rows, BinaryMetricNames.BusinessValue, new BusinessValueSpec(0, -1, -10, 0));
        Assert.Equal(-1.0 / 6, value.Value, 9);
        // Flagging nobody would cost 3 missed bad loans: 30 over 6 rows.
        Assert.Equal(-5.0, new BusinessValueSpec(0, -1, -10, 0).MeanValue(rows.At(1.0)), 9);
    }

    private static TrainedCandidate Train(PipelineSpec spec)
    {
        var (ml, data) = TrainingSamples.Load(SkewedCredit.Path, spec);
        return CandidateTrainer.Train(ml, data, s_lightGbm, spec.Seed, ValidationPlan.For(spec, candidates: 1));
    }

    private static TextLoader.Column[] TrainingDataColumns()
    {
        var header = File.ReadLines(SkewedCredit.Path).First().Split(',');
        string[] text = ["Status", "Home", "Marital", "Records", "Job"];
        return [.. header.Select((name, i) => new TextLoader.Column(name, text.Contains(name) ? DataKind.String : DataKind.Single, i))];
    }
}
