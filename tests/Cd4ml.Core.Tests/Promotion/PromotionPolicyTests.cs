using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>Nothing is promoted by accident: the policy's verdicts and the reasons it gives (RELIABILITY 26).</summary>
public sealed class PromotionPolicyTests
{
    private static readonly PromotionSpec s_auc = new() { PrimaryMetric = BinaryMetricNames.Auc, MinImprovement = 0.002 };

    [Fact]
    public void Without_a_champion_the_best_candidate_is_promoted()
    {
        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", 0.80), Auc("fasttree", 0.85), Auc("sdca", 0.78)], champion: null);

        Assert.True(decision.Promote);
        Assert.Equal("fasttree", decision.WinnerId);
        Assert.All(decision.Gates, g => Assert.True(g.Passed));
        Assert.Equal([PromotionPolicy.CandidateGate, PromotionPolicy.ChampionGate], decision.Gates.Select(g => g.Gate));
        Assert.StartsWith("promote fasttree: ", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidate_better_than_the_champion_by_more_than_min_improvement_is_promoted()
    {
        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", 0.86)], Champion(3, 0.85));

        Assert.True(decision.Promote);
        Assert.Equal("lightgbm", decision.WinnerId);
        var gate = decision.Gates.Single(g => g.Gate == PromotionPolicy.ChampionGate);
        Assert.True(gate.Passed);
        Assert.Equal("0.8600 vs 0.8500 (Δ +0.0100)", gate.Observed);
        Assert.Equal("lightgbm beats champion v3 on auc by 0.0100 (required 0.0020)", gate.Reason);
    }

    [Fact]
    public void Candidate_better_by_exactly_min_improvement_is_promoted()
    {
        // Binary fractions, so the difference is exactly the threshold.
        var promotion = new PromotionSpec { PrimaryMetric = BinaryMetricNames.Auc, MinImprovement = 0.25 };

        var decision = PromotionPolicy.Decide(promotion, [Auc("lightgbm", 0.75)], Champion(1, 0.5));

        Assert.True(decision.Promote);
    }

    [Fact]
    public void Candidate_better_by_less_than_min_improvement_keeps_the_champion_and_says_by_how_much()
    {
        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", 0.851)], Champion(3, 0.850));

        Assert.False(decision.Promote);
        Assert.Equal("lightgbm", decision.WinnerId);
        var gate = decision.Gates.Single(g => g.Gate == PromotionPolicy.ChampionGate);
        Assert.False(gate.Passed);
        Assert.Equal("0.8510 vs 0.8500 (Δ +0.0010)", gate.Observed);
        Assert.Equal("Δ ≥ 0.0020", gate.Threshold);
        Assert.Equal("lightgbm does not beat champion v3 on auc by the required 0.0020 (Δ +0.0010); champion kept", decision.Summary);
    }

    [Fact]
    public void Candidate_worse_than_the_champion_keeps_the_champion()
    {
        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", 0.80), Auc("fasttree", 0.82)], Champion(7, 0.85));

        Assert.False(decision.Promote);
        Assert.Equal("fasttree", decision.WinnerId);
        Assert.Equal("fasttree does not beat champion v7 on auc by the required 0.0020 (Δ -0.0300); champion kept", decision.Summary);
    }

    [Fact]
    public void Candidate_equal_to_the_champion_is_not_promoted_even_with_zero_min_improvement()
    {
        var promotion = new PromotionSpec { PrimaryMetric = BinaryMetricNames.Auc, MinImprovement = 0 };

        var decision = PromotionPolicy.Decide(promotion, [Auc("lightgbm", 0.85)], Champion(2, 0.85));

        Assert.False(decision.Promote);
    }

    [Fact]
    public void Candidate_with_nan_metric_is_excluded_and_the_next_best_wins()
    {
        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", double.NaN), Auc("fasttree", 0.70)], champion: null);

        Assert.True(decision.Promote);
        Assert.Equal("fasttree", decision.WinnerId);
        Assert.Equal("fasttree has the best auc of 1 usable candidate(s)", decision.Gates[0].Reason);
    }

    [Fact]
    public void Candidate_with_infinite_or_missing_metric_or_a_problem_is_excluded()
    {
        CandidateScore[] candidates =
        [
            Auc("infinite", double.PositiveInfinity),
            new("missing", new Dictionary<string, double> { [BinaryMetricNames.Accuracy] = 0.99 }),
            new("broken", new Dictionary<string, double> { [BinaryMetricNames.Auc] = 0.99 }, Problem: "scoring threw"),
            Auc("fine", 0.61),
        ];

        var decision = PromotionPolicy.Decide(s_auc, candidates, champion: null);

        Assert.Equal("fine", decision.WinnerId);
    }

    [Fact]
    public void All_candidates_nan_means_no_promotion_with_a_reason_naming_each()
    {
        CandidateScore[] candidates =
        [
            Auc("lightgbm", double.NaN),
            new("fasttree", Nan(), Problem: "the holdout has 10 rows with 0 positive; metrics need both classes"),
        ];

        var decision = PromotionPolicy.Decide(s_auc, candidates, Champion(1, 0.8));

        Assert.False(decision.Promote);
        Assert.Null(decision.WinnerId);
        var gate = Assert.Single(decision.Gates);
        Assert.False(gate.Passed);
        Assert.Equal(
            "no candidate has a finite auc on the holdout (lightgbm: auc is undefined; fasttree: the holdout has 10 rows with 0 positive; metrics need both classes)",
            decision.Summary);
    }

    [Fact]
    public void No_candidates_means_no_promotion()
    {
        var decision = PromotionPolicy.Decide(s_auc, [], champion: null);

        Assert.False(decision.Promote);
        Assert.Null(decision.WinnerId);
    }

    [Fact]
    public void Champion_that_cannot_be_evaluated_blocks_promotion_with_its_problem()
    {
        var champion = new ChampionScore(4, Nan(), Problem: "the champion's schema lacks column 'Income'");

        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", 0.95)], champion);

        Assert.False(decision.Promote);
        Assert.Equal("lightgbm", decision.WinnerId);
        Assert.Equal(
            "champion v4 could not be evaluated on this holdout (the champion's schema lacks column 'Income'); keeping it until it is replaced by hand",
            decision.Summary);
    }

    [Fact]
    public void Champion_with_nan_metric_blocks_promotion()
    {
        var decision = PromotionPolicy.Decide(s_auc, [Auc("lightgbm", 0.95)], Champion(4, double.NaN));

        Assert.False(decision.Promote);
        Assert.Contains("auc undefined", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_loss_lower_is_better_when_choosing_the_best_candidate()
    {
        var logLoss = new PromotionSpec { PrimaryMetric = BinaryMetricNames.LogLoss, MinImprovement = 0.02 };

        var decision = PromotionPolicy.Decide(logLoss, [LogLoss("lightgbm", 0.40), LogLoss("fasttree", 0.30), LogLoss("sdca", 0.55)], champion: null);

        Assert.Equal("fasttree", decision.WinnerId);
    }

    [Fact]
    public void Log_loss_lower_than_the_champion_by_min_improvement_is_promoted()
    {
        var logLoss = new PromotionSpec { PrimaryMetric = BinaryMetricNames.LogLoss, MinImprovement = 0.02 };

        var decision = PromotionPolicy.Decide(logLoss, [LogLoss("fasttree", 0.30)], new ChampionScore(2, LogLossMetrics(0.35)));

        Assert.True(decision.Promote);
        Assert.Equal("0.3000 vs 0.3500 (Δ +0.0500)", decision.Gates[1].Observed);
    }

    [Theory]
    [InlineData(0.34)] // lower, but by less than 0.02
    [InlineData(0.40)] // higher log-loss is worse
    public void Log_loss_not_lower_by_min_improvement_keeps_the_champion(double candidate)
    {
        var logLoss = new PromotionSpec { PrimaryMetric = BinaryMetricNames.LogLoss, MinImprovement = 0.02 };

        var decision = PromotionPolicy.Decide(logLoss, [LogLoss("fasttree", candidate)], new ChampionScore(2, LogLossMetrics(0.35)));

        Assert.False(decision.Promote);
    }

    [Fact]
    public void Ties_are_broken_by_ordinal_id_whatever_the_input_order()
    {
        CandidateScore[] candidates = [Auc("c", 0.9), Auc("b", 0.9), Auc("a", 0.9), Auc("B", 0.9), Auc("z", 0.1)];

        var forward = PromotionPolicy.Decide(s_auc, candidates, champion: null);
        var backward = PromotionPolicy.Decide(s_auc, [.. candidates.Reverse()], champion: null);

        Assert.Equal("B", forward.WinnerId);
        Assert.Equal(forward.WinnerId, backward.WinnerId);
        Assert.Equal(forward.Gates.Select(g => g.Reason), backward.Gates.Select(g => g.Reason));
    }

    [Fact]
    public void Log_loss_ties_are_broken_by_id_too()
    {
        var logLoss = new PromotionSpec { PrimaryMetric = BinaryMetricNames.LogLoss };

        var decision = PromotionPolicy.Decide(logLoss, [LogLoss("y", 0.3), LogLoss("x", 0.3)], champion: null);

        Assert.Equal("x", decision.WinnerId);
    }

    private static CandidateScore Auc(string id, double auc) => new(id, new Dictionary<string, double> { [BinaryMetricNames.Auc] = auc });

    private static CandidateScore LogLoss(string id, double logLoss) => new(id, LogLossMetrics(logLoss));

    private static Dictionary<string, double> LogLossMetrics(double logLoss) => new() { [BinaryMetricNames.LogLoss] = logLoss };

    private static ChampionScore Champion(int version, double auc) => new(version, new Dictionary<string, double> { [BinaryMetricNames.Auc] = auc });

    private static Dictionary<string, double> Nan() => BinaryMetricNames.All.ToDictionary(m => m, _ => double.NaN);

    [Fact]
    public void Improvement_exactly_at_the_threshold_promotes_despite_floating_point_rounding()
    {
        var decision = PromotionPolicy.Decide(
            new PromotionSpec { PrimaryMetric = "auc", MinImprovement = 0.01 },
            [new CandidateScore("c", new Dictionary<string, double> { ["auc"] = 0.813 })],
            new ChampionScore(1, new Dictionary<string, double> { ["auc"] = 0.803 }));

        Assert.True(decision.Promote, decision.Summary);
    }
}
