using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>Several candidates: the winner is picked on validation, and the holdout judges only the winner against the champion.</summary>
public sealed class SelectionOnValidationTests
{
    private static readonly PromotionSpec s_auc = new() { PrimaryMetric = BinaryMetricNames.Auc, Significance = new SignificanceSpec { Enabled = false } };

    // The lending run that motivated it: lightgbm-1 best on the holdout, sdca best on 3-fold cross-validation.
    private static readonly CandidateEvaluation[] s_lending =
    [
        Candidate("lightgbm-1", holdout: 0.767, validation: 0.708),
        Candidate("sdca", holdout: 0.741, validation: 0.723),
        Candidate("fasttree", holdout: 0.752, validation: 0.701),
    ];

    [Fact]
    public void Several_candidates_are_ranked_on_validation_not_on_the_holdout()
    {
        var onHoldout = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, [.. s_lending.Select(c => c with { Selection = null })], champion: null);
        var onValidation = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, s_lending, champion: null);

        Assert.Equal("lightgbm-1", onHoldout.WinnerId);
        Assert.Equal("sdca", onValidation.WinnerId);
        var gate = onValidation.Gates.Single(g => g.Gate == PromotionPolicy.CandidateGate);
        Assert.Equal("sdca auc=0.7230 on cross-validation", gate.Observed);
        Assert.Contains("its holdout auc 0.7410 is what the champion is compared on", gate.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_champion_is_compared_on_the_winners_holdout_metric()
    {
        var decision = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, s_lending, new ChampionEvaluation(2, new Dictionary<string, double> { ["auc"] = 0.745 }));

        Assert.False(decision.Promote);
        Assert.Equal("0.7410 vs 0.7450 (Δ -0.0040)", decision.Gates.Single(g => g.Gate == PromotionPolicy.ChampionGate).Observed);
    }

    [Fact]
    public void The_decision_records_every_candidates_selection_and_holdout_metric()
    {
        var decision = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, s_lending, champion: null);

        Assert.Equal(
            [
                new CandidateRanking("lightgbm-1", SelectionSources.CrossValidation, 0.708, 0.767),
                new CandidateRanking("sdca", SelectionSources.CrossValidation, 0.723, 0.741),
                new CandidateRanking("fasttree", SelectionSources.CrossValidation, 0.701, 0.752),
            ],
            decision.Ranking);
    }

    [Fact]
    public void A_single_candidate_or_one_without_validation_metrics_is_picked_on_the_holdout()
    {
        var mixed = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, [s_lending[0], s_lending[1] with { Selection = null }], champion: null);
        var single = PromotionPolicy.Decide(s_auc, TaskTypes.Binary, 42, [s_lending[1]], champion: null);

        Assert.Equal("lightgbm-1", mixed.WinnerId);
        Assert.Equal("lightgbm-1 auc=0.7670", mixed.Gates[0].Observed);
        Assert.Equal("sdca auc=0.7410", single.Gates[0].Observed);
    }

    private static CandidateEvaluation Candidate(string id, double holdout, double validation) =>
        new(id, new Dictionary<string, double> { ["auc"] = holdout })
        {
            Selection = new SelectionEvidence(SelectionSources.CrossValidation, new Dictionary<string, double> { ["auc"] = validation }, 600),
        };
}
