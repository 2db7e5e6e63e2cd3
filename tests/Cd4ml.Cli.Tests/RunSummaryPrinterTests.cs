using System.Text.RegularExpressions;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Cli.Tests;

/// <summary>What <c>cd4ml run</c> and <c>cd4ml runs show</c> print for a run record, gate by gate.</summary>
public sealed class RunSummaryPrinterTests
{
    [Fact]
    public void Decision_is_followed_by_the_significance_interval_the_fairness_table_the_smoke_test_and_the_edge_artifact()
    {
        var text = Print(Run() with
        {
            Decision = new Decision(false, "lightgbm",
            [
                new GateResult(PromotionPolicy.CandidateGate, true, "lightgbm auc=0.8100", "finite auc", "best of 2"),
                new GateResult(PromotionPolicy.SignificanceGate, false, "Δ +0.0088", "95% CI lower bound > 0", "within the noise; champion kept"),
                new GateResult(PromotionPolicy.FairnessGate, false, "female: truePositiveRate …", "disparity ≤ 0.1000", "over the limit; not promoted"),
            ])
            {
                Significance = new SignificanceResult("auc", 921, 0.0088, -0.0031, 0.0204, 0.95, 1000, 0, 42),
                Fairness =
                [
                    new FairnessGroup("female", "0", 400, 100, 0.30, 0.70, 0.20, Gated: true),
                    new FairnessGroup("female", "1", 380, 95, 0.22, 0.55, 0.21, Gated: true),
                    new FairnessGroup("female", "(missing)", 12, 3, 0.5, 1.0, 0.1, Gated: false),
                ],
            },
            SmokeTest = new SmokeTestSummary(true, null, 200, 0.12, 0.45),
            Edge = new EdgeExport(false, "the converter cannot export step 'NormalizeMinMax'"),
        });

        Assert.Contains("Significance  Δ auc +0.0088, 95% CI [−0.0031, +0.0204] from 1000 paired bootstrap resamples of 921 holdout rows", text, StringComparison.Ordinal);
        HasRow(text, "female", "1", "380", "95", "0.2200", "0.5500", "0.2100", "yes");
        HasRow(text, "female", "(missing)", "12", "3", "0.5000", "1.0000", "0.1000", "no (too few rows)");
        Assert.Contains("  female: truePositiveRate disparity 0.1500 (female=1 0.5500 to female=0 0.7000)", text, StringComparison.Ordinal);
        Assert.Contains("Smoke test    PASS: 200 rows scored one at a time from the stored model, p50 0.120 ms, p99 0.450 ms", text, StringComparison.Ordinal);
        Assert.Contains("Edge (ONNX)   not published: the converter cannot export step 'NormalizeMinMax'", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Decision", StringComparison.Ordinal) < text.IndexOf("Fairness", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Candidates_show_the_cross_validated_primary_metric_and_the_memory_they_allocated()
    {
        var cv = new CrossValidationResult(5,
            new Dictionary<string, double> { ["auc"] = 0.8123, ["accuracy"] = 0.7 },
            new Dictionary<string, double> { ["auc"] = 0.0214, ["accuracy"] = 0.01 }, [], 3.2);
        var text = Print(Run() with
        {
            Candidates =
            [
                Candidate("lightgbm", 0.81) with { CrossValidation = cv, ManagedBytesAllocated = 157_286_400 },
                Candidate("sdca", 0.78) with { ManagedBytesAllocated = 12_582_912 },
            ],
            Decision = new Decision(true, "lightgbm", [new GateResult(PromotionPolicy.CandidateGate, true, "lightgbm auc=0.8100", "finite auc", "best of 2")]),
        });

        HasRow(text, "candidate", "auc", "accuracy", "cv auc (5-fold)", "train s", "alloc MB");
        HasRow(text, "lightgbm", "0.8100", "0.7000", "0.812±0.021", "2.5", "150");
        HasRow(text, "sdca", "0.7800", "0.7000", "-", "2.5", "12");
    }

    [Fact]
    public void Candidates_show_the_metric_they_were_selected_on_and_their_decision_threshold()
    {
        var text = Print(Run() with
        {
            Candidates =
            [
                Candidate("lightgbm", 0.81) with
                {
                    Selection = new SelectionEvidence(SelectionSources.ValidationSplit, new Dictionary<string, double> { ["auc"] = 0.7412 }, 700),
                    DecisionThreshold = new DecisionThreshold(-1.2, 0.2315, ThresholdSources.Tuned, "f1", SelectionSources.ValidationSplit),
                },
                Candidate("sdca", 0.78) with
                {
                    Selection = new SelectionEvidence(SelectionSources.ValidationSplit, new Dictionary<string, double> { ["auc"] = 0.7655 }, 700),
                    DecisionThreshold = new DecisionThreshold(0, 0.5, ThresholdSources.Default),
                },
            ],
            Decision = new Decision(true, "sdca", [new GateResult(PromotionPolicy.CandidateGate, true, "sdca auc=0.7655 on validation-split", "finite auc", "best on validation")]),
        });

        HasRow(text, "candidate", "auc", "accuracy", "selected on: validation-split auc", "threshold", "train s");
        HasRow(text, "lightgbm", "0.8100", "0.7000", "0.7412", "0.232 (tuned)", "2.5");
        HasRow(text, "sdca", "0.7800", "0.7000", "0.7655", "0.500 (default)", "2.5");
    }

    [Fact]
    public void Candidates_with_steps_show_the_validation_and_evaluation_time_beside_the_fit()
    {
        var text = Print(Run() with
        {
            Candidates =
            [
                Candidate("fasttree", 0.81) with { Steps = new CandidateSteps { Validation = 22.4, Evaluation = 2.7 } },
                Candidate("sdca", 0.78),
            ],
        });

        HasRow(text, "candidate", "auc", "accuracy", "train s", "validate s", "eval s");
        HasRow(text, "fasttree", "0.8100", "0.7000", "2.5", "22.4", "2.7");
        HasRow(text, "sdca", "0.7800", "0.7000", "2.5", "-", "-");
    }

    [Fact]
    public void Older_runs_without_cross_validation_memory_smoke_test_or_fairness_print_as_before()
    {
        var text = Print(Run());

        HasRow(text, "candidate", "auc", "accuracy", "train s");
        Assert.DoesNotContain("significance", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Fairness", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Smoke test", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Edge", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_candidates_show_the_regression_metrics()
    {
        var text = Print(Run() with
        {
            Candidates = [Candidate("lightgbm", 0) with { Metrics = new Dictionary<string, double> { ["rmse"] = 512.25, ["mae"] = 301.5, ["rSquared"] = 0.97 } }],
        });

        HasRow(text, "candidate", "rmse", "mae", "rSquared", "train s");
        HasRow(text, "lightgbm", "512.2500", "301.5000", "0.9700", "2.5");
    }

    [Fact]
    public void A_search_prints_one_line_per_rung_with_its_budget_survivors_and_best_on_validation()
    {
        static SearchTrial Trial(string id, double? auc, bool survived) =>
            new(id, "LightGbm", new Dictionary<string, double> { ["numberOfLeaves"] = 8 }, auc, SelectionSources.ValidationSplit, survived, 0.4, auc is null ? "failed" : null);
        var search = new SearchReport("successive-halving", 7, 3, 3, "auc",
        [
            new SearchRung(0, 1.0 / 3, [Trial("lightgbm-s1", 0.61, false), Trial("lightgbm-s2", 0.64, true), Trial("lightgbm-s3", null, false)]),
            new SearchRung(1, 1, [Trial("lightgbm-s2", 0.65, true)]),
        ]);

        var text = Print(Run() with { Candidates = [Candidate("lightgbm-s2", 0.66)], Search = search });

        Assert.Contains("Search (successive-halving, eta 3, seed 7; auc on validation rows, never the holdout)", text, StringComparison.Ordinal);
        HasRow(text, "0", "1/3", "3", "1", "0.6400", "lightgbm-s2");
        HasRow(text, "1", "1", "1", "1", "0.6500", "lightgbm-s2");
    }

    private static string Print(RunRecord run)
    {
        using var output = new StringWriter();
        RunSummaryPrinter.Print(run, output);
        return output.ToString();
    }

    // Table cells are separated by at least two spaces.
    private static void HasRow(string text, params string[] cells) =>
        Assert.True(text.Split('\n').Any(l => Regex.Split(l.Trim(), "\\s{2,}").SequenceEqual(cells)), $"no row '{string.Join(" | ", cells)}' in:\n{text}");

    private static CandidateResult Candidate(string id, double auc) =>
        new(id, "LightGbm", new Dictionary<string, double>(), new Dictionary<string, double> { ["auc"] = auc, ["accuracy"] = 0.7 },
            2.5, $"runs/credit-risk/run-1/candidates/{id}/model.zip", new string('e', 64), 921, null);

    private static RunRecord Run() => new()
    {
        RunId = "run-1",
        Pipeline = "credit-risk",
        Outcome = RunOutcome.ChampionKept,
        Message = "within the noise",
        Trigger = new RunTrigger("manual", "test"),
        Dataset = new DatasetLineage("datasets/credit-risk/batch.csv", new string('a', 64), "snapshots/credit-risk/aaa/data.csv", 4600),
        SpecHash = new string('b', 64),
        StartedAt = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
        Candidates = [Candidate("lightgbm", 0.81), Candidate("sdca", 0.78)],
    };
}
