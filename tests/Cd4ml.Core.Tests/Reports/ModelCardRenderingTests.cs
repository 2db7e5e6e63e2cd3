using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;

namespace Cd4ml.Core.Tests.Reports;

/// <summary>The model card's two renderings: complete, self-contained, and safe with hostile text in them.</summary>
public sealed class ModelCardRenderingTests
{
    private const string Hostile = "<script>alert('x')</script> | <img src=https://evil.example/x.png>";

    [Fact]
    public void Html_card_is_self_contained_with_an_inline_svg_chart_and_no_external_reference()
    {
        var html = ModelCardHtml.Render(Card(reason: "beats the champion"));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_card_encodes_text_that_came_from_people_and_data()
    {
        var html = ModelCardHtml.Render(Card());

        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=https:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Cards_cover_purpose_data_checks_training_metrics_decision_fairness_and_history()
    {
        var card = Card();
        var md = ModelCardMarkdown.Render(card);
        var html = ModelCardHtml.Render(card);

        foreach (var section in new[] { "Purpose", "Data", "Training", "Metrics", "Decision", "Fairness", "auc across versions" })
        {
            Assert.Contains($"## {section}", md, StringComparison.Ordinal);
            Assert.Contains($"<h2>{section}</h2>", html, StringComparison.Ordinal);
        }

        Assert.Contains("| positive class | bad |", md, StringComparison.Ordinal);
        Assert.Contains("| WARN | completeness (Age) | 3 missing |", md, StringComparison.Ordinal);
        Assert.Contains("1 passed, 1 warning(s), 0 failed", md, StringComparison.Ordinal);
        Assert.Contains("numberOfLeaves=15", md, StringComparison.Ordinal);
        Assert.Contains("| training time | 12.3 s |", md, StringComparison.Ordinal);
        // This version against the champion it replaced, and the same-holdout comparison from the gate.
        Assert.Contains("| auc | 0.8100 | 0.7900 |", md, StringComparison.Ordinal);
        Assert.Contains("0.8100 vs 0.7950", md, StringComparison.Ordinal);
        Assert.Contains("| PASS | champion-comparison |", md, StringComparison.Ordinal);
        Assert.Contains(ModelCard.FairnessNotEvaluated, md, StringComparison.Ordinal);
        Assert.Contains("| v3 (this version) | 0.8100 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_card_neutralises_table_pipes_and_html()
    {
        var md = ModelCardMarkdown.Render(Card());

        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", md, StringComparison.Ordinal);
        Assert.Contains("\\|", md, StringComparison.Ordinal);
    }

    [Fact]
    public void First_version_says_there_was_no_champion_and_its_checks_were_not_recorded()
    {
        var first = Manifest(1, 0.79) with { Checks = [], TrainingSeconds = null };
        var md = ModelCardMarkdown.Render(new ModelCard(first, null, [new MetricPoint(1, 0.79)]));

        Assert.Contains("first champion of the pipeline", md, StringComparison.Ordinal);
        Assert.Contains("not recorded in this version's manifest", md, StringComparison.Ordinal);
        Assert.Contains("| training time | not recorded |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_leaves_out_undefined_values_and_draws_a_single_version()
    {
        var withNaN = MetricChartSvg.Render([new MetricPoint(1, 0.7), new MetricPoint(2, double.NaN), new MetricPoint(3, null), new MetricPoint(4, 0.8)], "auc", 4);
        var single = MetricChartSvg.Render([new MetricPoint(1, 0.7)], "auc", 1);
        var none = MetricChartSvg.Render([new MetricPoint(1, double.NaN)], "auc", 1);

        Assert.Equal(2, withNaN.Split("<circle", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain("NaN", withNaN, StringComparison.Ordinal);
        Assert.Contains(">v2<", withNaN, StringComparison.Ordinal);
        Assert.Contains("class=\"point this\"", single, StringComparison.Ordinal);
        Assert.Contains("no version has a finite auc", none, StringComparison.Ordinal);
    }

    private static ModelCard Card(string reason = Hostile)
    {
        var previous = Manifest(2, 0.79);
        var manifest = Manifest(3, 0.81) with
        {
            ComparedWithVersion = 2,
            TrainingSeconds = 12.34,
            Parameters = new Dictionary<string, double> { ["numberOfLeaves"] = 15, ["learningRate"] = 0.05 },
            Checks =
            [
                new CheckResult("label-binary", CheckStatus.Pass, "2 classes", "2", "ok"),
                new CheckResult("completeness", CheckStatus.Warn, "3 missing", "≤ 5%", reason, "Age"),
            ],
            Decision = new Decision(true, "lightgbm",
            [
                new GateResult(PromotionPolicy.CandidateGate, true, "lightgbm auc=0.8100", "finite auc", "best of 3"),
                new GateResult(PromotionPolicy.ChampionGate, true, "0.8100 vs 0.7950 (Δ +0.0150)", "Δ ≥ 0.0020", reason),
            ]),
        };
        return new ModelCard(manifest, previous, [new MetricPoint(1, 0.75), new MetricPoint(2, 0.79), new MetricPoint(3, 0.81)]);
    }

    private static ModelManifest Manifest(int version, double auc) => CardManifests.Manifest(version, auc);
}
