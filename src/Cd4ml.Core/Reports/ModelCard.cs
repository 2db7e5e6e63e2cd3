using System.Globalization;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
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

    /// <summary>The manifest records no fairness evaluation yet; the card says so rather than staying silent.</summary>
    public const string FairnessNotEvaluated = "not evaluated: this version's manifest records no sensitive groups or per-group metrics";

    public string PrimaryMetric => Manifest.Spec.Promotion.PrimaryMetric;

    public string Title => $"{Manifest.Pipeline} v{Manifest.Version}";

    /// <summary>The metrics shown side by side: every metric either version has, in the catalog's order first.</summary>
    public IReadOnlyList<string> MetricNames =>
        BinaryMetricNames.All.Where(m => Manifest.Metrics.ContainsKey(m) || PreviousChampion?.Metrics.ContainsKey(m) == true)
            .Concat(Manifest.Metrics.Keys.Where(k => !BinaryMetricNames.All.Contains(k)).Order(StringComparer.Ordinal))
            .ToList();

    /// <summary>The gate that compared this version with the champion on the same holdout rows, if there was one.</summary>
    public GateResult? ChampionGate => Manifest.Decision.Gates.FirstOrDefault(g => g.Gate == PromotionPolicy.ChampionGate);

    public string PositiveClass => Manifest.Spec.PositiveClass ?? "inferred from the label values (yes/true/1)";

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
