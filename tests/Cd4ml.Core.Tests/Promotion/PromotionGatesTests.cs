using System.Text.Json;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>The metric gates of the full policy: minimum values, relative improvement, guardrails, the first run, added gates.</summary>
public sealed class PromotionGatesTests
{
    private static readonly PromotionSpec s_metricsOnly = new()
    {
        PrimaryMetric = BinaryMetricNames.Auc,
        MinImprovement = 0.002,
        Significance = new SignificanceSpec { Enabled = false },
    };

    [Fact]
    public void First_run_records_the_champion_gates_as_passed_because_there_is_no_champion_yet()
    {
        var promotion = s_metricsOnly with
        {
            Significance = new SignificanceSpec(),
            MaxDrop = new SortedDictionary<string, double>(StringComparer.Ordinal) { [BinaryMetricNames.Accuracy] = 0.01 },
        };

        var decision = Decide(promotion, [Auc("lightgbm", 0.8)], champion: null);

        Assert.True(decision.Promote, decision.Summary);
        Assert.Equal(
            [PromotionPolicy.CandidateGate, PromotionPolicy.ChampionGate, PromotionPolicy.SignificanceGate, PromotionPolicy.GuardrailGate],
            decision.Gates.Select(g => g.Gate));
        Assert.All(decision.Gates.Skip(2), g => Assert.StartsWith("no champion yet", g.Reason, StringComparison.Ordinal));
        Assert.Null(decision.Significance);
        Assert.Null(decision.Fairness);
    }

    [Fact]
    public void Min_value_blocks_the_first_model_too()
    {
        var promotion = s_metricsOnly with { MinValue = Limits((BinaryMetricNames.Auc, 0.7)) };

        var decision = Decide(promotion, [Auc("lightgbm", 0.65)], champion: null);

        Assert.False(decision.Promote);
        Assert.Equal("lightgbm", decision.WinnerId);
        var gate = Assert.Single(decision.Gates, g => g.Gate == PromotionPolicy.MinValueGate);
        Assert.Equal("auc 0.6500", gate.Observed);
        Assert.Equal("auc ≥ 0.7000", gate.Threshold);
        Assert.Equal("lightgbm's auc 0.6500 misses the required auc ≥ 0.7000; not promoted", decision.Summary);
    }

    [Fact]
    public void Min_value_passes_at_or_above_the_limit()
    {
        var promotion = s_metricsOnly with { MinValue = Limits((BinaryMetricNames.Auc, 0.7), (BinaryMetricNames.Accuracy, 0.6)) };
        var candidate = Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.7), (BinaryMetricNames.Accuracy, 0.75));

        var decision = Decide(promotion, [candidate], champion: null);

        Assert.True(decision.Promote, decision.Summary);
        Assert.Equal(2, decision.Gates.Count(g => g.Gate == PromotionPolicy.MinValueGate && g.Passed));
    }

    [Theory]
    [InlineData(4.0, true)]
    [InlineData(6.0, false)]
    public void Min_value_of_a_lower_is_better_metric_is_a_ceiling(double rmse, bool passes)
    {
        var promotion = new PromotionSpec
        {
            PrimaryMetric = MetricCatalog.Rmse,
            MinValue = Limits((MetricCatalog.Rmse, 5.0)),
            Significance = new SignificanceSpec { Enabled = false },
        };

        var decision = PromotionPolicy.Decide(promotion, TaskTypes.Regression, 42, [Evaluation.Scores("ols", (MetricCatalog.Rmse, rmse))], champion: null);

        Assert.Equal(passes, decision.Promote);
        Assert.Equal("rmse ≤ 5.0000", Assert.Single(decision.Gates, g => g.Gate == PromotionPolicy.MinValueGate).Threshold);
    }

    [Fact]
    public void Min_value_on_an_undefined_metric_fails()
    {
        var promotion = s_metricsOnly with { MinValue = Limits((BinaryMetricNames.F1, 0.5)) };

        var decision = Decide(promotion, [Auc("lightgbm", 0.9)], champion: null);

        Assert.False(decision.Promote);
        Assert.Contains("f1 is undefined", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_primary_metric_everywhere_means_no_promotion_with_the_reason()
    {
        var decision = Decide(s_metricsOnly, [Auc("lightgbm", double.NaN), Auc("fasttree", double.NaN) with { Problem = "no positive rows" }], champion: null);

        Assert.False(decision.Promote);
        Assert.Null(decision.WinnerId);
        Assert.Equal("no candidate has a finite auc on the holdout (lightgbm: auc is undefined; fasttree: no positive rows)", decision.Summary);
    }

    [Theory]
    [InlineData(0.01, true)] // 0.81 vs 0.80 is 1.25% better
    [InlineData(0.02, false)]
    public void Relative_improvement_is_a_share_of_the_champion(double minImprovement, bool promoted)
    {
        var promotion = s_metricsOnly with { MinImprovement = minImprovement, RelativeImprovement = true };

        var decision = Decide(promotion, [Auc("lightgbm", 0.81)], Evaluation.ChampionScores(2, (BinaryMetricNames.Auc, 0.80)));

        Assert.Equal(promoted, decision.Promote);
        var gate = Assert.Single(decision.Gates, g => g.Gate == PromotionPolicy.ChampionGate);
        Assert.Equal("0.8100 vs 0.8000 (Δ +0.0100, +1.25%)", gate.Observed);
        Assert.Equal($"Δ ≥ {minImprovement * 100:0.00}% of the champion's auc", gate.Threshold);
    }

    [Fact]
    public void Relative_improvement_of_a_lower_is_better_metric_counts_the_reduction()
    {
        var promotion = new PromotionSpec
        {
            PrimaryMetric = MetricCatalog.Rmse,
            MinImprovement = 0.05,
            RelativeImprovement = true,
            Significance = new SignificanceSpec { Enabled = false },
        };

        var decision = PromotionPolicy.Decide(promotion, TaskTypes.Regression, 42,
            [Evaluation.Scores("ols", (MetricCatalog.Rmse, 9.4))], Evaluation.ChampionScores(1, (MetricCatalog.Rmse, 10.0)));

        Assert.True(decision.Promote, decision.Summary);
        Assert.Equal("ols beats champion v1 on rmse by 6.00% (required 5.00%)", decision.Gates[1].Reason);
    }

    [Fact]
    public void Guardrail_drop_larger_than_allowed_keeps_the_champion()
    {
        var promotion = s_metricsOnly with { MaxDrop = Limits((BinaryMetricNames.Accuracy, 0.01)) };
        var candidate = Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.86), (BinaryMetricNames.Accuracy, 0.74));
        var champion = Evaluation.ChampionScores(5, (BinaryMetricNames.Auc, 0.84), (BinaryMetricNames.Accuracy, 0.76));

        var decision = Decide(promotion, [candidate], champion);

        Assert.False(decision.Promote);
        Assert.True(decision.Gates.Single(g => g.Gate == PromotionPolicy.ChampionGate).Passed);
        var gate = Assert.Single(decision.Gates, g => g.Gate == PromotionPolicy.GuardrailGate);
        Assert.False(gate.Passed);
        Assert.Equal("accuracy 0.7400 vs 0.7600 (Δ -0.0200)", gate.Observed);
        Assert.Equal("accuracy Δ ≥ -0.0100", gate.Threshold);
        Assert.Equal("lightgbm's accuracy is 0.0200 worse than champion v5's, more than the allowed 0.0100; champion kept", decision.Summary);
    }

    [Fact]
    public void Guardrail_drop_within_the_allowance_passes()
    {
        var promotion = s_metricsOnly with { MaxDrop = Limits((BinaryMetricNames.Accuracy, 0.01)) };
        var candidate = Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.86), (BinaryMetricNames.Accuracy, 0.755));
        var champion = Evaluation.ChampionScores(5, (BinaryMetricNames.Auc, 0.84), (BinaryMetricNames.Accuracy, 0.76));

        var decision = Decide(promotion, [candidate], champion);

        Assert.True(decision.Promote, decision.Summary);
    }

    [Theory]
    [InlineData(0.45, false)] // log-loss up by 0.05: worse
    [InlineData(0.35, true)] // log-loss down: better
    public void Guardrail_on_log_loss_treats_a_rise_as_the_drop(double candidateLogLoss, bool promoted)
    {
        var promotion = s_metricsOnly with { MaxDrop = Limits((BinaryMetricNames.LogLoss, 0.01)) };
        var candidate = Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.86), (BinaryMetricNames.LogLoss, candidateLogLoss));
        var champion = Evaluation.ChampionScores(5, (BinaryMetricNames.Auc, 0.84), (BinaryMetricNames.LogLoss, 0.40));

        var decision = Decide(promotion, [candidate], champion);

        Assert.Equal(promoted, decision.Promote);
    }

    [Fact]
    public void Guardrail_on_a_metric_the_champion_lacks_fails_closed()
    {
        var promotion = s_metricsOnly with { MaxDrop = Limits((BinaryMetricNames.LogLoss, 0.01)) };
        var candidate = Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.86), (BinaryMetricNames.LogLoss, 0.3));
        var champion = Evaluation.ChampionScores(5, (BinaryMetricNames.Auc, 0.84), (BinaryMetricNames.LogLoss, double.NaN));

        var decision = Decide(promotion, [candidate], champion);

        Assert.False(decision.Promote);
        Assert.StartsWith("champion v5's logLoss is undefined on the holdout", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Champion_that_cannot_be_compared_stops_the_gates_that_compare_with_it()
    {
        var promotion = s_metricsOnly with
        {
            Significance = new SignificanceSpec(),
            MaxDrop = Limits((BinaryMetricNames.Accuracy, 0.01)),
        };

        var decision = Decide(promotion, [Auc("lightgbm", 0.9)], Evaluation.ChampionScores(2, (BinaryMetricNames.Auc, double.NaN)));

        Assert.False(decision.Promote);
        Assert.Equal([PromotionPolicy.CandidateGate, PromotionPolicy.ChampionGate], decision.Gates.Select(g => g.Gate));
    }

    [Fact]
    public void Every_gate_is_evaluated_even_after_one_failed()
    {
        var promotion = s_metricsOnly with
        {
            MinValue = Limits((BinaryMetricNames.Auc, 0.95)),
            MaxDrop = Limits((BinaryMetricNames.Accuracy, 0.01)),
        };
        var candidate = Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.86), (BinaryMetricNames.Accuracy, 0.70));
        var champion = Evaluation.ChampionScores(5, (BinaryMetricNames.Auc, 0.84), (BinaryMetricNames.Accuracy, 0.76));

        var decision = Decide(promotion, [candidate], champion);

        Assert.Equal(
            [PromotionPolicy.CandidateGate, PromotionPolicy.MinValueGate, PromotionPolicy.ChampionGate, PromotionPolicy.GuardrailGate],
            decision.Gates.Select(g => g.Gate));
        Assert.Equal([true, false, true, false], decision.Gates.Select(g => g.Passed));
        Assert.StartsWith("lightgbm's auc 0.8600 misses", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_gate_appends_and_promotes_only_when_every_gate_passed()
    {
        var promoted = Decide(s_metricsOnly, [Auc("lightgbm", 0.8)], champion: null);
        var kept = Decide(s_metricsOnly, [Auc("lightgbm", 0.8)], Evaluation.ChampionScores(1, (BinaryMetricNames.Auc, 0.9)));
        var smokePassed = new GateResult(PromotionPolicy.SmokeTestGate, true, "scored 5 rows", "loads and scores", "the model loads from storage and scores");
        var smokeFailed = smokePassed with { Passed = false, Reason = "the model zip's hash does not match its manifest" };

        Assert.True(promoted.WithGate(smokePassed).Promote);
        Assert.Equal(PromotionPolicy.SmokeTestGate, promoted.WithGate(smokePassed).Gates[^1].Gate);
        Assert.False(promoted.WithGate(smokeFailed).Promote);
        Assert.Equal("the model zip's hash does not match its manifest", promoted.WithGate(smokeFailed).Summary);
        Assert.False(kept.WithGate(smokePassed).Promote);
        Assert.Equal(promoted.Gates.Count, promoted.WithGate(smokeFailed).Gates.Count - 1);
    }

    [Fact]
    public void Summary_of_a_promotion_quotes_the_comparison_not_the_last_gate()
    {
        var decision = Decide(s_metricsOnly, [Auc("lightgbm", 0.86)], Evaluation.ChampionScores(3, (BinaryMetricNames.Auc, 0.85)))
            .WithGate(new GateResult(PromotionPolicy.SmokeTestGate, true, "ok", "ok", "smoke test passed"));

        Assert.Equal("promote lightgbm: lightgbm beats champion v3 on auc by 0.0100 (required 0.0020)", decision.Summary);
    }

    [Fact]
    public void Decision_with_its_reports_round_trips_through_json_and_older_json_still_reads()
    {
        var decision = new Decision(true, "lightgbm", [new GateResult(PromotionPolicy.CandidateGate, true, "o", "t", "r")])
        {
            Fairness = [new FairnessGroup("sex", "f", 120, 40, 0.5, null, 0.2, true)],
            Significance = new SignificanceResult("auc", 900, 0.0088, -0.0031, 0.0204, 0.95, 1000, 0, 42),
        };

        var json = JsonSerializer.Serialize(decision, SpecJson.Options);
        var back = JsonSerializer.Deserialize<Decision>(json, SpecJson.Options)!;
        var older = JsonSerializer.Deserialize<Decision>("""{"promote":false,"winnerId":"sdca","gates":[]}""", SpecJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, SpecJson.Options));
        Assert.Equal(decision.Significance, back.Significance);
        Assert.Null(back.Fairness![0].TruePositiveRate);
        Assert.Null(older.Fairness);
        Assert.Null(older.Significance);
        Assert.Equal("sdca", older.WinnerId);
    }

    [Fact]
    public void Spec_overload_uses_the_spec_task_and_seed()
    {
        var random = new Random(30);
        var labels = Predictions.Labels(500, random);
        var candidate = Evaluation.Of("c", Predictions.Binary(labels, Predictions.Scores(labels, 2, random)));
        var champion = Evaluation.Champion(1, Predictions.Binary(labels, Predictions.Scores(labels, 1, random)));
        var spec = PipelineSpecParser.Parse(
            """{ "name": "p", "label": "y", "seed": 7, "trainers": [{ "name": "LightGbm" }], "promotion": { "primaryMetric": "auc" } }""", "p.json");

        var decision = PromotionPolicy.Decide(spec, [candidate], champion);

        Assert.Equal(PromotionPolicy.Decide(spec.Promotion, TaskTypes.Binary, 7, [candidate], champion).Significance, decision.Significance);
        Assert.Equal(7, decision.Significance!.Seed);
    }

    private static Decision Decide(PromotionSpec promotion, IReadOnlyList<CandidateEvaluation> candidates, ChampionEvaluation? champion) =>
        PromotionPolicy.Decide(promotion, TaskTypes.Binary, 42, candidates, champion);

    private static CandidateEvaluation Auc(string id, double auc) => Evaluation.Scores(id, (BinaryMetricNames.Auc, auc));

    private static SortedDictionary<string, double> Limits(params (string Metric, double Value)[] limits)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (metric, value) in limits)
        {
            result[metric] = value;
        }

        return result;
    }
}
