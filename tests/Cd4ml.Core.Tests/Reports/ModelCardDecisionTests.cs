using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;

namespace Cd4ml.Core.Tests.Reports;

/// <summary>What a model card says about the decision: every gate, the interval, fairness per group, smoke test and edge artifact.</summary>
public sealed class ModelCardDecisionTests
{
    private static readonly string OnnxSha = new('d', 64);

    [Fact]
    public void Decision_section_shows_the_significance_interval_the_smoke_test_and_the_published_edge_artifact()
    {
        var card = Card(CardManifests.Manifest(3, 0.81) with
        {
            ComparedWithVersion = 2,
            Decision = new Decision(true, "lightgbm",
            [
                new GateResult(PromotionPolicy.ChampionGate, true, "0.8100 vs 0.8012 (Δ +0.0088)", "Δ ≥ 0.0020", "beats v2"),
                new GateResult(PromotionPolicy.SignificanceGate, false, "Δ +0.0088, 95% CI [-0.0031, +0.0204]", "95% CI lower bound > 0", "within the noise"),
            ])
            {
                Significance = new SignificanceResult("auc", 921, 0.0088, -0.0031, 0.0204, 0.95, 1000, 0, 42),
            },
            SmokeTest = new SmokeTestSummary(true, null, 200, 0.12, 0.45),
            Edge = new EdgeExport(true, "exported; ONNX Runtime matches ML.NET on 200 holdout rows (max difference 3.1E-06)", OnnxSha, 45678, 3.1e-6, 200),
        });

        var md = ModelCardMarkdown.Render(card);
        var html = ModelCardHtml.Render(card);

        const string Interval = "Δ auc +0.0088, 95% CI [−0.0031, +0.0204] from 1000 paired bootstrap resamples of 921 holdout rows";
        Assert.Contains("| FAIL | significance | Δ +0.0088, 95% CI [-0.0031, +0.0204] |", md, StringComparison.Ordinal);
        Assert.Contains($"| significance | {Interval} |", md, StringComparison.Ordinal);
        Assert.Contains("| smoke test | PASS: 200 rows scored one at a time from the stored model, p50 0.120 ms, p99 0.450 ms |", md, StringComparison.Ordinal);
        Assert.Contains($"| edge artifact (ONNX) | published model.onnx, SHA-256 {OnnxSha}, 45,678 bytes; exported; ONNX Runtime matches", md, StringComparison.Ordinal);
        Assert.Contains($"<tr><th>significance</th><td>{Interval}</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("p99 0.450 ms", html, StringComparison.Ordinal);
        Assert.Contains(OnnxSha, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Edge_artifact_that_was_not_published_says_why_and_a_failed_smoke_test_gives_its_reason()
    {
        var card = Card(CardManifests.Manifest(3, 0.81) with
        {
            SmokeTest = new SmokeTestSummary(false, "row 4 scored NaN", 3, 0, 0),
            Edge = new EdgeExport(false, "not attempted: the model failed its smoke test"),
        });

        var md = ModelCardMarkdown.Render(card);

        Assert.Contains("| smoke test | FAIL: row 4 scored NaN (3 rows scored) |", md, StringComparison.Ordinal);
        Assert.Contains("| edge artifact (ONNX) | not published: not attempted: the model failed its smoke test |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void First_version_says_significance_was_not_tested_and_older_manifests_say_smoke_and_edge_were_not_recorded()
    {
        var md = ModelCardMarkdown.Render(Card(CardManifests.Manifest(1, 0.79)));

        Assert.Contains("| significance | not tested: there was no champion to compare with |", md, StringComparison.Ordinal);
        Assert.Contains("| smoke test | not recorded in this version's manifest |", md, StringComparison.Ordinal);
        Assert.Contains("| edge artifact (ONNX) | not recorded in this version's manifest |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_table_lists_every_group_and_the_disparity_per_rate_against_the_spec_limit()
    {
        var card = Card(FairnessManifest(
        [
            new FairnessGroup("female", "0", 400, 100, 0.30, 0.70, 0.20, Gated: true),
            new FairnessGroup("female", "1", 380, 95, 0.22, 0.55, 0.21, Gated: true),
            new FairnessGroup("senior_citizen", "0", 760, 190, 0.26, 0.62, 0.20, Gated: true),
            new FairnessGroup("senior_citizen", "1", 20, 5, 0.90, 1.00, 0.40, Gated: false),
        ]));

        var md = ModelCardMarkdown.Render(card);
        var html = ModelCardHtml.Render(card);

        Assert.DoesNotContain(ModelCard.FairnessNotEvaluated, md, StringComparison.Ordinal);
        Assert.Contains("a rate may differ by at most 0.1000 between groups", md, StringComparison.Ordinal);
        Assert.Contains("| column | group | rows | positives | selection rate | true positive rate | error rate | gated |", md, StringComparison.Ordinal);
        Assert.Contains("| female | 1 | 380 | 95 | 0.2200 | 0.5500 | 0.2100 | yes |", md, StringComparison.Ordinal);
        Assert.Contains("| senior_citizen | 1 | 20 | 5 | 0.9000 | 1.0000 | 0.4000 | no (&lt; 30 rows) |", md, StringComparison.Ordinal);
        // female: selection 0.22–0.30 is within 0.1, true positive rate 0.55–0.70 is over it.
        Assert.Contains("| female | selectionRate | 0.0800 | female=1 (0.2200) | female=0 (0.3000) | ≤ 0.1000 | within |", md, StringComparison.Ordinal);
        Assert.Contains("| female | truePositiveRate | 0.1500 | female=1 (0.5500) | female=0 (0.7000) | ≤ 0.1000 | OVER the limit |", md, StringComparison.Ordinal);
        // The small senior group is reported but not judged, so senior_citizen has one gated group and no gap.
        Assert.Contains("| senior_citizen | errorRate | - | - | - | ≤ 0.1000 | not judged: fewer than two gated groups |", md, StringComparison.Ordinal);
        Assert.Contains("<td class=\"fail\">OVER the limit</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"pass\">within</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>no (&lt; 30 rows)</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_group_names_from_the_data_are_encoded()
    {
        var card = Card(FairnessManifest(
        [
            new FairnessGroup("female", "<b>x</b>|y", 400, 100, 0.30, 0.70, 0.20, Gated: true),
            new FairnessGroup("female", "1", 380, 95, 0.29, 0.69, 0.21, Gated: true),
        ]));

        var md = ModelCardMarkdown.Render(card);
        var html = ModelCardHtml.Render(card);

        Assert.Contains("| female | &lt;b&gt;x&lt;/b&gt;\\|y | 400 |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;|y", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_without_sensitive_columns_says_the_spec_declares_none()
    {
        var md = ModelCardMarkdown.Render(Card(CardManifests.Manifest(3, 0.81)));
        var html = ModelCardHtml.Render(Card(CardManifests.Manifest(3, 0.81)));

        Assert.Contains("Per-group metrics: not evaluated: the spec declares no sensitive columns (promotion.fairness).", md, StringComparison.Ordinal);
        Assert.Contains("<p>Per-group metrics: not evaluated: the spec declares no sensitive columns (promotion.fairness).</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_declared_but_not_recorded_names_the_columns_instead_of_saying_none_were_declared()
    {
        var md = ModelCardMarkdown.Render(Card(FairnessManifest(null)));

        Assert.DoesNotContain(ModelCard.FairnessNotEvaluated, md, StringComparison.Ordinal);
        Assert.Contains("the spec declares the sensitive columns female, senior_citizen, but the decision recorded no per-group rates", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_card_shows_the_regression_metrics_and_no_positive_class()
    {
        var spec = CardManifests.Spec("diamonds");
        var manifest = CardManifests.Manifest(2, 0, spec) with
        {
            Metrics = new Dictionary<string, double> { ["rmse"] = 512.25, ["mae"] = 301.5, ["rSquared"] = 0.97 },
        };
        var previous = CardManifests.Manifest(1, 0, spec) with
        {
            Metrics = new Dictionary<string, double> { ["rmse"] = 530, ["mae"] = 310, ["rSquared"] = 0.96 },
        };
        var card = new ModelCard(manifest with { ComparedWithVersion = 1 }, previous, [new MetricPoint(1, 530), new MetricPoint(2, 512.25)]);

        var md = ModelCardMarkdown.Render(card);
        var html = ModelCardHtml.Render(card);

        Assert.Equal(["rmse", "mae", "rSquared"], card.MetricNames);
        Assert.Contains("| rmse | 512.2500 | 530.0000 |", md, StringComparison.Ordinal);
        Assert.Contains("| mae | 301.5000 | 310.0000 |", md, StringComparison.Ordinal);
        Assert.Contains("| rSquared | 0.9700 | 0.9600 |", md, StringComparison.Ordinal);
        Assert.Contains("<tr><td>rmse</td><td class=\"num\">512.2500</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("| auc |", md, StringComparison.Ordinal);
        Assert.Contains("| positive class | not applicable (regression) |", md, StringComparison.Ordinal);
        Assert.Contains("## rmse across versions", md, StringComparison.Ordinal);
    }

    private static ModelCard Card(ModelManifest manifest) => new(manifest, null, [new MetricPoint(manifest.Version, 0.81)]);

    private static ModelManifest FairnessManifest(IReadOnlyList<FairnessGroup>? groups) =>
        CardManifests.Manifest(3, 0.81, CardManifests.Spec("telco-churn")) with
        {
            Decision = new Decision(true, "lightgbm", [new GateResult(PromotionPolicy.FairnessGate, true, "female: …", "disparity ≤ 0.1000", "ok")])
            {
                Fairness = groups,
            },
        };
}
