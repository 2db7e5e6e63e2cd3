using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>businessValue: the mean value per row of the confusion matrix at the model's decision threshold.</summary>
public sealed class BusinessValueMetricTests
{
    // A missed default costs five times a refused good loan; a caught default saves 2, a good loan earns 1.
    private static readonly BusinessValueSpec s_lending = new(TruePositive: 2, FalsePositive: -1, FalseNegative: -5, TrueNegative: 1);

    // Labels and decisions by hand: TP 2, FP 1, FN 1, TN 4 → (2·2 − 1 − 5 + 4·1) / 8 = 0.25.
    private static readonly HoldoutPredictions s_rows = new()
    {
        Task = TaskTypes.Binary,
        Classes = ["good", "bad"],
        Label = [1, 1, 0, 1, 0, 0, 0, 0],
        Predicted = [1, 1, 1, 0, 0, 0, 0, 0],
        Score = [0.9f, 0.8f, 0.7f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f],
        Calibrated = true,
    };

    [Fact]
    public void Business_value_is_the_mean_value_per_row_of_a_hand_computed_confusion_matrix()
    {
        Assert.Equal(new ConfusionCounts(2, 1, 1, 4), ConfusionCounts.Of([.. s_rows.Label.Select(l => l == 1)], [.. s_rows.Predicted.Select(p => p == 1)]));
        Assert.Equal(0.25, s_lending.MeanValue(new ConfusionCounts(2, 1, 1, 4)), 12);
        Assert.Equal(0.25, PredictionMetrics.Compute(s_rows, BinaryMetricNames.BusinessValue, s_lending), 12);
    }

    [Fact]
    public void Business_value_resamples_row_by_row_and_is_undefined_without_a_matrix()
    {
        // Rows 0, 0, 3: two caught defaults and one missed → (2 + 2 − 5) / 3.
        Assert.Equal(-1.0 / 3, PredictionMetrics.Prepare(s_rows, BinaryMetricNames.BusinessValue, s_lending).Compute([2, 0, 0, 1, 0, 0, 0, 0]), 12);
        Assert.True(double.IsNaN(PredictionMetrics.Compute(s_rows, BinaryMetricNames.BusinessValue)));
    }

    [Fact]
    public void The_significance_gate_bootstraps_business_value()
    {
        var promotion = new PromotionSpec { PrimaryMetric = BinaryMetricNames.BusinessValue, BusinessValue = s_lending };
        var random = new Random(7);
        var labels = Predictions.Labels(2000, random);
        var strong = Predictions.Binary(labels, Predictions.Scores(labels, 2.0, random));
        var weak = Predictions.Binary(labels, Predictions.Scores(labels, 0.3, random));
        var metrics = (HoldoutPredictions p) => new Dictionary<string, double> { [BinaryMetricNames.BusinessValue] = PredictionMetrics.Compute(p, BinaryMetricNames.BusinessValue, s_lending) };

        var decision = PromotionPolicy.Decide(promotion, TaskTypes.Binary, 42, [new CandidateEvaluation("strong", metrics(strong), null, strong)],
            new ChampionEvaluation(1, metrics(weak), null, weak));

        Assert.True(decision.Promote, decision.Summary);
        Assert.Equal(BinaryMetricNames.BusinessValue, decision.Significance!.Metric);
        Assert.True(decision.Significance.Lower > 0);
    }
}
