using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training.Decisions;

public sealed class DecisionCurvesTests
{
    [Fact]
    public void Curves_of_hand_made_predictions_have_the_chosen_point_and_the_expected_calibration_error()
    {
        // Two bins are used: 0.1–0.2 (rows 0.15, 0.15: 1 of 2 positive) and 0.8–0.9 (rows 0.85 ×4: 3 of 4 positive).
        var predictions = new HoldoutPredictions
        {
            Task = TaskTypes.Binary,
            Label = [1, 0, 1, 1, 1, 0],
            Predicted = [0, 0, 1, 1, 1, 1],
            Score = [0.15f, 0.15f, 0.85f, 0.85f, 0.85f, 0.85f],
            Calibrated = true,
        };

        var curves = DecisionCurves.From(predictions)!;

        // At the threshold: TP 3, FP 1, FN 1 → recall 0.75, precision 0.75.
        Assert.Equal(new CurvePoint(0.75, 0.75), curves.Chosen);
        Assert.Equal([new CurvePoint(0.75, 0.75), new CurvePoint(1, 4.0 / 6)], curves.PrecisionRecall);
        Assert.Equal(2, curves.Calibration.Count);
        Assert.Equal(0.5, curves.Calibration[0].ObservedRate, 9);
        // ECE = (2·|0.15 − 0.5| + 4·|0.85 − 0.75|) / 6 = (0.7 + 0.4) / 6.
        Assert.Equal(1.1 / 6, curves.ExpectedCalibrationError!.Value, 6);
    }

    [Fact]
    public void An_uncalibrated_model_has_no_calibration_curve_and_other_tasks_no_curves()
    {
        var uncalibrated = new HoldoutPredictions { Task = TaskTypes.Binary, Label = [1, 0], Predicted = [1, 0], Score = [2.5f, -1f], Calibrated = false };
        var regression = new HoldoutPredictions { Task = TaskTypes.Regression, Label = [1, 2], Predicted = [1, 2], Score = [1, 2] };

        Assert.Empty(DecisionCurves.From(uncalibrated)!.Calibration);
        Assert.Null(DecisionCurves.From(uncalibrated)!.ExpectedCalibrationError);
        Assert.Null(DecisionCurves.From(regression));
    }

    [Fact]
    public void With_cross_validation_the_threshold_is_chosen_on_the_out_of_fold_scores()
    {
        var spec = SkewedCredit.Spec("f1", folds: 3);
        var (ml, data) = TrainingSamples.Load(SkewedCredit.Path, spec);

        var trained = CandidateTrainer.Train(ml, data, new TrainerSpec { Name = "SdcaLogisticRegression" }, spec.Seed, ValidationPlan.For(spec, candidates: 2));

        Assert.Equal(SelectionSources.CrossValidation, trained.Threshold!.ChosenOn);
        Assert.Equal(SelectionSources.CrossValidation, trained.Selection!.Source);
        Assert.Equal(3, trained.CrossValidation!.Folds);
        // Every training row was scored once, out of fold.
        Assert.Equal(data.Train.GetColumn<bool>(TrainingData.LabelColumn).LongCount(), trained.Selection.Rows);
        Assert.True(trained.Selection.Metrics[BinaryMetricNames.F1] > 0);
    }
}
