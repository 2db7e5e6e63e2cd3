using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>An improvement inside the holdout's noise does not replace the champion; a real one does, reproducibly.</summary>
public sealed class SignificanceGateTests
{
    private static readonly PromotionSpec s_auc = new() { PrimaryMetric = BinaryMetricNames.Auc };

    [Fact]
    public void Candidate_better_only_within_the_noise_is_not_promoted()
    {
        var random = new Random(21);
        var labels = Predictions.Labels(1000, random);
        var shared = Predictions.Scores(labels, 1, random);
        // Two equally good models: the same scores, each with its own small perturbation. Whichever happens to
        // score higher on this holdout plays the candidate.
        var first = Predictions.Binary(labels, Predictions.Jitter(shared, 0.3, random));
        var second = Predictions.Binary(labels, Predictions.Jitter(shared, 0.3, random));
        var (candidate, champion) = Auc(first) > Auc(second) ? (first, second) : (second, first);

        var decision = Decide(s_auc, Evaluation.Of("lightgbm", candidate), Evaluation.Champion(1, champion));

        Assert.True(Gate(decision, PromotionPolicy.ChampionGate).Passed);
        var significance = Gate(decision, PromotionPolicy.SignificanceGate);
        Assert.False(significance.Passed);
        Assert.False(decision.Promote);
        Assert.InRange(decision.Significance!.Delta, 1e-9, 0.02);
        Assert.True(decision.Significance.Lower <= 0);
        Assert.Contains("is within the noise", decision.Summary, StringComparison.Ordinal);
        Assert.Matches(@"^Δ \+0\.\d{4}, 95% CI \[-0\.\d{4}, \+0\.\d{4}\]$", significance.Observed);
        Assert.Equal("95% CI lower bound > 0 (1000 paired resamples)", significance.Threshold);
    }

    [Fact]
    public void Clearly_better_candidate_is_promoted_with_an_interval_above_zero()
    {
        var (candidate, champion) = ClearlyBetter(seed: 4);

        var decision = Decide(s_auc, Evaluation.Of("lightgbm", candidate), Evaluation.Champion(1, champion));

        Assert.True(decision.Promote, decision.Summary);
        var result = decision.Significance!;
        Assert.Equal(BinaryMetricNames.Auc, result.Metric);
        Assert.Equal(1000, result.Rows);
        Assert.Equal(Auc(candidate) - Auc(champion), result.Delta, 1e-12);
        Assert.True(result.Lower > 0);
        Assert.True(result.Lower < result.Delta && result.Delta < result.Upper);
        Assert.Contains("is above the noise", Gate(decision, PromotionPolicy.SignificanceGate).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_gives_the_same_interval_and_another_seed_another()
    {
        var (candidate, champion) = ClearlyBetter(seed: 8);
        var candidates = new[] { Evaluation.Of("c", candidate) };

        var first = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, candidates, Evaluation.Champion(1, champion));
        var again = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, candidates, Evaluation.Champion(1, champion));
        var otherSeed = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 43, candidates, Evaluation.Champion(1, champion));

        Assert.Equal(first.Significance, again.Significance);
        Assert.Equal(Gate(first, PromotionPolicy.SignificanceGate), Gate(again, PromotionPolicy.SignificanceGate));
        Assert.Equal(42, first.Significance!.Seed);
        Assert.NotEqual(first.Significance.Lower, otherSeed.Significance!.Lower);
        Assert.Equal(first.Significance.Delta, otherSeed.Significance.Delta);
    }

    [Fact]
    public void More_confidence_widens_the_interval()
    {
        var (candidate, champion) = ClearlyBetter(seed: 5);
        var wide = s_auc with { Significance = new SignificanceSpec { Confidence = 0.99 } };

        var at95 = Decide(s_auc, Evaluation.Of("c", candidate), Evaluation.Champion(1, champion)).Significance!;
        var at99 = Decide(wide, Evaluation.Of("c", candidate), Evaluation.Champion(1, champion)).Significance!;

        Assert.True(at99.Lower < at95.Lower);
        Assert.True(at99.Upper > at95.Upper);
    }

    [Fact]
    public void Lower_is_better_metric_counts_a_smaller_rmse_as_a_positive_improvement()
    {
        var random = new Random(13);
        var labels = Enumerable.Range(0, 800).Select(_ => (float)(100 * random.NextDouble())).ToArray();
        var precise = Predictions.Regression(labels, [.. labels.Select(y => y + (float)(2 * (random.NextDouble() - 0.5)))]);
        var rough = Predictions.Regression(labels, [.. labels.Select(y => y + (float)(8 * (random.NextDouble() - 0.5)))]);
        var rmse = new PromotionSpec { PrimaryMetric = MetricCatalog.Rmse };

        var better = PromotionPolicy.Decide(rmse, TaskTypes.Regression, 42, [Evaluation.Of("precise", precise)], Evaluation.Champion(1, rough));
        var worse = PromotionPolicy.Decide(rmse, TaskTypes.Regression, 42, [Evaluation.Of("rough", rough)], Evaluation.Champion(1, precise));

        Assert.True(better.Promote, better.Summary);
        Assert.True(better.Significance!.Delta > 0);
        Assert.True(better.Significance.Lower > 0);
        Assert.False(worse.Promote);
        Assert.False(Gate(worse, PromotionPolicy.ChampionGate).Passed);
        Assert.True(worse.Significance!.Upper < 0);
    }

    [Fact]
    public void Lower_log_loss_is_an_improvement_too()
    {
        var (candidate, champion) = ClearlyBetter(seed: 6);
        var logLoss = new PromotionSpec { PrimaryMetric = BinaryMetricNames.LogLoss };

        var decision = Decide(logLoss, Evaluation.Of("c", candidate), Evaluation.Champion(1, champion));

        Assert.True(decision.Promote, decision.Summary);
        Assert.True(decision.Significance!.Lower > 0);
    }

    [Fact]
    public void Champion_without_predictions_fails_closed_with_the_reason()
    {
        var (candidate, champion) = ClearlyBetter(seed: 4);
        var old = Evaluation.Champion(3, champion) with { Predictions = null };

        var decision = Decide(s_auc, Evaluation.Of("lightgbm", candidate), old);

        Assert.False(decision.Promote);
        var gate = Gate(decision, PromotionPolicy.SignificanceGate);
        Assert.False(gate.Passed);
        Assert.Equal("not tested", gate.Observed);
        Assert.StartsWith("champion v3 has no predictions on this holdout", gate.Reason, StringComparison.Ordinal);
        Assert.EndsWith("cannot be tested against noise; champion kept", gate.Reason, StringComparison.Ordinal);
        Assert.Null(decision.Significance);
    }

    [Fact]
    public void Candidate_without_predictions_fails_closed()
    {
        var (candidate, champion) = ClearlyBetter(seed: 4);

        var decision = Decide(s_auc, Evaluation.Of("lightgbm", candidate) with { Predictions = null }, Evaluation.Champion(1, champion));

        Assert.False(decision.Promote);
        Assert.StartsWith("lightgbm has no holdout predictions", Gate(decision, PromotionPolicy.SignificanceGate).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Predictions_on_different_rows_are_not_paired()
    {
        var (candidate, _) = ClearlyBetter(seed: 4);
        var (_, otherHoldout) = ClearlyBetter(seed: 99);

        var decision = Decide(s_auc, Evaluation.Of("lightgbm", candidate), Evaluation.Champion(1, otherHoldout));

        Assert.False(decision.Promote);
        Assert.Contains("not the same rows", Gate(decision, PromotionPolicy.SignificanceGate).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_loss_of_an_uncalibrated_model_cannot_be_tested()
    {
        var (candidate, champion) = ClearlyBetter(seed: 4);
        var logLoss = new PromotionSpec { PrimaryMetric = BinaryMetricNames.LogLoss };
        var uncalibrated = Evaluation.Champion(1, champion with { Calibrated = false });
        // The champion's recorded log-loss is finite (e.g. from an older evaluation), its predictions cannot give one.
        var recorded = uncalibrated with { Metrics = Evaluation.Of("x", champion).Metrics };

        var decision = Decide(logLoss, Evaluation.Of("c", candidate), recorded);

        Assert.False(decision.Promote);
        Assert.Equal("logLoss undefined", Gate(decision, PromotionPolicy.SignificanceGate).Observed);
    }

    [Fact]
    public void Significance_can_be_turned_off()
    {
        var (candidate, champion) = ClearlyBetter(seed: 4);
        var off = s_auc with { Significance = new SignificanceSpec { Enabled = false } };

        var decision = Decide(off, Evaluation.Of("c", candidate) with { Predictions = null }, Evaluation.Champion(1, champion) with { Predictions = null });

        Assert.True(decision.Promote, decision.Summary);
        Assert.DoesNotContain(decision.Gates, g => g.Gate == PromotionPolicy.SignificanceGate);
    }

    [Fact]
    public void Bootstrap_leaves_undefined_resamples_out_and_fails_when_too_many()
    {
        // Two positives in 40 rows: about one resample in eight draws neither, where AUC is undefined.
        float[] labels = [1, 1, .. Enumerable.Repeat(0f, 38)];
        var strong = Predictions.Binary(labels, [0.9f, 0.8f, .. Enumerable.Range(0, 38).Select(i => i / 100f)]);
        var weak = Predictions.Binary(labels, [0.3f, 0.2f, .. Enumerable.Range(0, 38).Select(i => i / 100f)]);

        var decision = Decide(s_auc, Evaluation.Of("c", strong), Evaluation.Champion(1, weak));

        Assert.False(decision.Promote);
        Assert.InRange(decision.Significance!.Undefined, 101, 200);
        Assert.Contains("resamples undefined", Gate(decision, PromotionPolicy.SignificanceGate).Observed, StringComparison.Ordinal);
    }

    private static Decision Decide(PromotionSpec promotion, CandidateEvaluation candidate, ChampionEvaluation champion) =>
        PromotionPolicy.Decide(promotion, TaskTypes.Binary, 42, [candidate], champion);

    private static GateResult Gate(Decision decision, string gate) => Assert.Single(decision.Gates, g => g.Gate == gate);

    private static double Auc(HoldoutPredictions p) => PredictionMetrics.Compute(p, BinaryMetricNames.Auc);

    private static (HoldoutPredictions Candidate, HoldoutPredictions Champion) ClearlyBetter(int seed)
    {
        var random = new Random(seed);
        var labels = Predictions.Labels(1000, random);
        return (Predictions.Binary(labels, Predictions.Scores(labels, 2, random)), Predictions.Binary(labels, Predictions.Scores(labels, 1, random)));
    }
}
