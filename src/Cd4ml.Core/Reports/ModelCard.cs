using System.Globalization;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Reports;

/// <summary>The primary metric of one version, for the chart across a pipeline's versions.</summary>
public sealed record MetricPoint(int Version, double? Value);

/// <summary>
/// What a model card says about one version, gathered once so the Markdown and the HTML renderings cannot disagree:
/// the version's manifest, the champion it was compared with, and the primary metric of every version up to it.
/// </summary>
public sealed record ModelCard(ModelManifest Manifest, ModelManifest? PreviousChampion, IReadOnlyList<MetricPoint> History)
{
    public const string MarkdownFile = "card.md";
    public const string HtmlFile = "card.html";

    /// <summary>The spec asks for no fairness evaluation; the card says so rather than staying silent.</summary>
    public const string FairnessNotEvaluated = "not evaluated: the spec declares no sensitive columns (promotion.fairness)";

    public string PrimaryMetric => Manifest.Spec.Promotion.PrimaryMetric;

    public string Title => $"{Manifest.Pipeline} v{Manifest.Version}";

    /// <summary>The metrics shown side by side: the task's metrics either version has, in the catalog's order, then any other.</summary>
    public IReadOnlyList<string> MetricNames
    {
        get
        {
            var catalog = MetricCatalog.For(Manifest.Spec.Task);
            return catalog.Where(m => Manifest.Metrics.ContainsKey(m) || PreviousChampion?.Metrics.ContainsKey(m) == true)
                .Concat(Manifest.Metrics.Keys.Where(k => !catalog.Contains(k)).Order(StringComparer.Ordinal))
                .ToList();
        }
    }

    /// <summary>The gate that compared this version with the champion on the same holdout rows, if there was one.</summary>
    public GateResult? ChampionGate => Manifest.Decision.Gates.FirstOrDefault(g => g.Gate == PromotionPolicy.ChampionGate);

    public string PositiveClass => Manifest.Spec.Task != TaskTypes.Binary
        ? $"not applicable ({Manifest.Spec.Task})"
        : Manifest.Spec.PositiveClass ?? "inferred from the label values (yes/true/1)";

    public string Features => Manifest.Spec.Exclude.Count == 0
        ? $"every column except the label '{Manifest.Spec.Label}'"
        : $"every column except the label '{Manifest.Spec.Label}' and the excluded {string.Join(", ", Manifest.Spec.Exclude)}";

    public string ChecksSummary => Manifest.Checks.Count == 0
        ? "not recorded in this version's manifest"
        : $"{Count(CheckStatus.Pass)} passed, {Count(CheckStatus.Warn)} warning(s), {Count(CheckStatus.Fail)} failed";

    public string Comparison => Manifest.ComparedWithVersion is { } v
        ? $"compared with champion v{v}"
        : "first champion of the pipeline: there was no champion to compare with";

    public string TrainingSeconds => Manifest.TrainingSeconds is { } s ? $"{F(s, "0.0")} s" : "not recorded";

    /// <summary>The significance gate's interval, or why there is none.</summary>
    public string Significance
    {
        get
        {
            if (Manifest.Decision.Significance is { } s)
            {
                return ModelCardText.Significance(s);
            }

            if (!Manifest.Spec.Promotion.Significance.Enabled)
            {
                return "not tested: turned off in the spec (promotion.significance)";
            }

            return Manifest.ComparedWithVersion is null
                ? "not tested: there was no champion to compare with"
                : Manifest.Decision.Gates.FirstOrDefault(g => g.Gate == PromotionPolicy.SignificanceGate) is { } gate
                    ? $"no interval: {gate.Reason}"
                    : "not recorded in this version's manifest";
        }
    }

    public string SmokeTest => Manifest.SmokeTest is { } s ? ModelCardText.SmokeTest(s) : "not recorded in this version's manifest";

    public string Edge => Manifest.Edge is { } e ? ModelCardText.Edge(e) : "not recorded in this version's manifest";

    /// <summary>The per-group table, or null when there is none; <see cref="FairnessSummary"/> then says why.</summary>
    public IReadOnlyList<FairnessGroup>? FairnessGroups => Manifest.Decision.Fairness is { Count: > 0 } groups ? groups : null;

    /// <summary>The gaps between groups as the fairness gate judged them, with the spec's limit.</summary>
    public IReadOnlyList<FairnessDisparity> FairnessDisparities => FairnessGroups is { } groups
        ? ModelCardText.Disparities(groups, FairnessMetrics, Manifest.Spec.Promotion.Fairness?.MaxDisparity)
        : [];

    /// <summary>One sentence above the fairness table, or instead of it.</summary>
    public string FairnessSummary
    {
        get
        {
            var spec = Manifest.Spec.Promotion.Fairness;
            if (FairnessGroups is not null)
            {
                var limit = spec is null ? "" : $"; a rate may differ by at most {F(spec.MaxDisparity, "0.0000")} between groups";
                var small = spec is null ? "" : $"; groups with fewer than {spec.MinGroupRows.ToString(CultureInfo.InvariantCulture)} rows are reported, not gated";
                return $"the winner's rates per group of each sensitive column on the holdout{limit}{small}";
            }

            if (spec is null)
            {
                return FairnessNotEvaluated;
            }

            var columns = string.Join(", ", spec.Columns);
            return Manifest.Decision.Fairness is null
                ? $"not evaluated for this version: the spec declares the sensitive columns {columns}, but the decision recorded no per-group rates"
                : $"no per-group rates for {columns}: see the fairness gate under Decision";
        }
    }

    // The rates the gate compared: the spec's, as far as the task defines them.
    private IReadOnlyList<string> FairnessMetrics
    {
        get
        {
            var defined = FairnessMetricNames.For(Manifest.Spec.Task);
            return Manifest.Spec.Promotion.Fairness is { } spec ? spec.Metrics.Where(m => defined.Contains(m)).ToList() : defined;
        }
    }

    /// <summary>A metric value as the card prints it; non-finite values say so instead of printing NaN.</summary>
    public static string Metric(IReadOnlyDictionary<string, double>? metrics, string name) =>
        metrics is null || !metrics.TryGetValue(name, out var v) ? "-" : double.IsFinite(v) ? F(v, "0.0000") : "n/a";

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Warn => "WARN",
        _ => "FAIL",
    };

    private int Count(CheckStatus status) => Manifest.Checks.Count(c => c.Status == status);
}
