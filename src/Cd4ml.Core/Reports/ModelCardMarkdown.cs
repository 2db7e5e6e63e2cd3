using System.Globalization;
using System.Text;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Reports;

/// <summary>Renders a <see cref="ModelCard"/> as Markdown (<c>card.md</c>), for reading in a repository or a terminal.</summary>
public static class ModelCardMarkdown
{
    private static readonly CultureInfo I = CultureInfo.InvariantCulture;

    public static string Render(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var m = card.Manifest;
        var md = new StringBuilder();
        md.AppendLine(I, $"# Model card: {Md(card.Title)}").AppendLine()
          .AppendLine(I, $"Created {m.CreatedAt:u} by run `{Md(m.RunId)}`; model `{Containers.Models}/{Md(m.Pipeline)}/versions/{m.Version}/model.zip`, SHA-256 `{m.ModelSha256}` ({m.ModelBytes} bytes).")
          .AppendLine();

        md.AppendLine("## Purpose").AppendLine();
        Table(md, ["", ""], [
            ["pipeline", m.Pipeline], ["task", m.Spec.Task], ["label", m.Spec.Label], ["positive class", card.PositiveClass], ["features", card.Features],
        ]);

        md.AppendLine("## Data").AppendLine();
        Table(md, ["", ""], [
            ["snapshot SHA-256", m.Dataset.Sha256], ["rows", m.Dataset.Rows.ToString("N0", I)],
            ["source blob", m.Dataset.SourceBlob], ["snapshot blob", m.Dataset.SnapshotBlob], ["checks", card.ChecksSummary],
        ]);
        if (m.Checks.Count > 0)
        {
            Table(md, ["", "check", "observed", "threshold", "message"],
                m.Checks.Select(c => new[] { ModelCard.Status(c.Status), c.Column is null ? c.Name : $"{c.Name} ({c.Column})", c.Observed, c.Threshold, c.Message }));
        }

        md.AppendLine("## Training").AppendLine();
        Table(md, ["", ""], [
            ["trainer", $"{m.Trainer} (candidate {m.CandidateId})"],
            ["parameters", m.Parameters.Count == 0 ? "trainer defaults" : string.Join(", ", m.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={ModelCard.F(p.Value, "0.####")}"))],
            ["seed", m.Seed.ToString(I)],
            ["holdout share", ModelCard.F(m.Spec.TestFraction, "0.##")],
            ["training time", card.TrainingSeconds],
            ["spec hash", m.SpecHash],
            ["trigger", $"{m.Trigger.Kind} ({m.Trigger.Source}{(m.Trigger.Commit is null ? "" : $", commit {m.Trigger.Commit}")})"],
            ["packages", string.Join(", ", m.PackageVersions.Select(p => $"{p.Key} {p.Value}"))],
        ]);

        md.AppendLine("## Metrics").AppendLine().AppendLine(I, $"Primary metric: `{Md(card.PrimaryMetric)}`; {Md(card.Comparison)}.").AppendLine();
        var previous = card.PreviousChampion;
        Table(md, previous is null ? ["metric", $"v{m.Version}"] : ["metric", $"v{m.Version}", $"v{previous.Version} (previous champion, own holdout)"],
            card.MetricNames.Select(name => previous is null
                ? new[] { name, ModelCard.Metric(m.Metrics, name) }
                : [name, ModelCard.Metric(m.Metrics, name), ModelCard.Metric(previous.Metrics, name)]));
        if (card.ChampionGate is { } gate && m.ComparedWithVersion is not null)
        {
            md.AppendLine(I, $"On this run's holdout (the same rows for both): {Md(gate.Observed)}, required {Md(gate.Threshold)}.").AppendLine();
        }

        md.AppendLine("## Decision").AppendLine().AppendLine(I, $"{(m.Decision.Promote ? "Promoted" : "Not promoted")}: {Md(m.Decision.Summary)}").AppendLine();
        Table(md, ["", "gate", "observed", "threshold", "reason"],
            m.Decision.Gates.Select(g => new[] { g.Passed ? "PASS" : "FAIL", g.Gate, g.Observed, g.Threshold, g.Reason }));
        Table(md, ["", ""], [["significance", card.Significance], ["smoke test", card.SmokeTest], ["edge artifact (ONNX)", card.Edge]]);

        md.AppendLine("## Decisions").AppendLine();
        Table(md, ["", ""], [
            ["selection", ModelCardDecisions.Selection(m)], ["decision threshold", ModelCardDecisions.Threshold(m)],
            .. ModelCardDecisions.BusinessValue(m) is { } value ? [["business value", value]] : Array.Empty<string[]>(),
            ["curves", $"{ModelCardDecisions.Curves(m)} (charts in card.html)"],
        ]);
        if (m.Decision.Ranking is { Count: > 0 })
        {
            Table(md, [.. ModelCardDecisions.RankingHeader], ModelCardDecisions.RankingRows(m));
        }

        if (m.Search is { } search)
        {
            md.AppendLine(SearchRows.Summary(search)).AppendLine();
            Table(md, [.. SearchRows.Header(search)], SearchRows.Rows(search));
        }

        if (ModelCardDecisions.BusinessValueRows(m) is { } matrix)
        {
            Table(md, [.. ModelCardDecisions.BusinessValueHeader], matrix);
        }

        if (ModelCardDecisions.GroupValueRows(m) is { } byGroup)
        {
            Table(md, [.. ModelCardDecisions.GroupValueHeader], byGroup);
        }

        md.AppendLine("## Fairness").AppendLine().AppendLine(I, $"Per-group metrics: {Md(card.FairnessSummary)}.").AppendLine();
        if (card.FairnessGroups is { } groups)
        {
            Table(md, [.. ModelCardText.FairnessHeader], ModelCardText.FairnessRows(groups, m.Spec.Promotion.Fairness?.MinGroupRows));
            Table(md, [.. ModelCardText.DisparityHeader], ModelCardText.DisparityRows(card.FairnessDisparities));
        }

        md.AppendLine(I, $"## {Md(card.PrimaryMetric)} across versions").AppendLine().AppendLine("The chart is in card.html.").AppendLine();
        Table(md, ["version", card.PrimaryMetric],
            card.History.Select(p => new[] { p.Version == m.Version ? $"v{p.Version} (this version)" : $"v{p.Version}", p.Value is { } v && double.IsFinite(v) ? ModelCard.F(v, "0.0000") : "n/a" }));
        if (Monitoring.MonitoringLinks.ReportPath(m) is { } report)
        {
            md.AppendLine("## Live monitoring").AppendLine()
              .AppendLine(I, $"Live quality, drift and incidents after promotion: [{Md(report)}]({Monitoring.MonitoringLinks.RelativeFromCard(m)}).").AppendLine();
        }

        return md.ToString();
    }

    private static void Table(StringBuilder md, string[] header, IEnumerable<string[]> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header.Select(Md)) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            md.AppendLine("| " + string.Join(" | ", row.Select(Md)) + " |");
        }

        md.AppendLine();
    }

    /// <summary>
    /// Text from specs, data and people goes into the card; it must neither break a table nor become HTML in a
    /// Markdown viewer, so table pipes, angle brackets, ampersands and line breaks are neutralised.
    /// </summary>
    private static string Md(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("`", "'", StringComparison.Ordinal)
        .Replace("\r", " ", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal);
}
