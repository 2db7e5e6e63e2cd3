using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Tests.Reports;

/// <summary>The card's Decisions section: selection, every candidate's two metrics, the threshold, business value and the curves.</summary>
public sealed class ModelCardSelectionAndThresholdTests
{
    [Fact]
    public void Decisions_section_shows_the_selection_the_threshold_the_value_matrix_and_both_charts()
    {
        var spec = CardManifests.Spec() with
        {
            Promotion = CardManifests.Spec().Promotion with { BusinessValue = new BusinessValueSpec(0, -1, -5, 0) },
        };
        var manifest = CardManifests.Manifest(1, 0.741, spec) with
        {
            CandidateId = "sdca",
            Metrics = new Dictionary<string, double> { ["auc"] = 0.741, ["businessValue"] = -0.1234 },
            Selection = new SelectionEvidence(SelectionSources.CrossValidation, new Dictionary<string, double> { ["auc"] = 0.723 }, 700),
            DecisionThreshold = new DecisionThreshold(-2.1, 0.1093, ThresholdSources.Tuned, "businessValue", SelectionSources.CrossValidation),
            Curves = new DecisionCurves([new CurvePoint(0.5, 0.8), new CurvePoint(1, 0.3)], new CurvePoint(0.5, 0.8),
                [new CalibrationBin(0, 0.1, 10, 0.05, 0.1), new CalibrationBin(0.9, 1, 5, 0.95, 0.8)], 0.0833),
            Decision = new Decision(true, "sdca", [])
            {
                Ranking = [new CandidateRanking("lightgbm-1", SelectionSources.CrossValidation, 0.708, 0.767), new CandidateRanking("sdca", SelectionSources.CrossValidation, 0.723, 0.741)],
            },
        };
        var card = new ModelCard(manifest, null, []);

        var md = ModelCardMarkdown.Render(card);
        var html = ModelCardHtml.Render(card);

        Assert.Contains("| selection | picked among 2 candidates on cross-validation of the training part (auc 0.7230); the holdout (auc 0.7410) was used once", md, StringComparison.Ordinal);
        Assert.Contains("| lightgbm-1 | cross-validation | 0.7080 | 0.7670 |", md, StringComparison.Ordinal);
        Assert.Contains("| sdca (winner) | cross-validation | 0.7230 | 0.7410 |", md, StringComparison.Ordinal);
        Assert.Contains("probability 0.1093 (Score -2.1), tuned for businessValue on cross-validation", md, StringComparison.Ordinal);
        Assert.Contains("| actual positive | 0.00 | -5.00 |", md, StringComparison.Ordinal);
        Assert.Contains("-0.12 per row on the holdout at the decision threshold (-123.40 per 1,000 decisions)", md, StringComparison.Ordinal);
        Assert.Contains("recall 0.500, precision 0.800; expected calibration error 0.0833 over 2 bins", md, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"precision–recall curve on the holdout\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"calibration curve on the holdout\"", html, StringComparison.Ordinal);
        Assert.Contains("ECE 0.0833", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_recorded_before_decisions_says_so()
    {
        var md = ModelCardMarkdown.Render(new ModelCard(CardManifests.Manifest(1, 0.79), null, []));

        Assert.Contains("picked on the holdout: a single candidate, or a version recorded before selection on validation", md, StringComparison.Ordinal);
        Assert.Contains("not recorded in this version's manifest (ML.NET's default: Score 0, probability 0.5)", md, StringComparison.Ordinal);
    }
}
