using System.Globalization;
using System.Net;
using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Reports;

/// <summary>
/// Renders a <see cref="ModelCard"/> as one self-contained HTML page (<c>card.html</c>): inline CSS, an inline SVG
/// chart, no script and no external asset, and a Content-Security-Policy that would block one if it crept in.
/// Every piece of text is HTML-encoded: reasons, names and check messages come from people and data.
/// </summary>
public static class ModelCardHtml
{
    private static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>The one stylesheet, public so a host that serves the stored document can allow exactly it by hash.</summary>
    public const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;color:#1b1f24;padding:0 1rem}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        table{border-collapse:collapse;margin:.6rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.9em;word-break:break-all}
        .muted{color:#57606a}.pass{color:#1a7f37;font-weight:600}.warn{color:#9a6700;font-weight:600}.fail{color:#cf222e;font-weight:600}
        .chart .grid{stroke:#d0d7de;stroke-width:1}.chart .line{stroke:#0969da;stroke-width:2}.chart .point{fill:#0969da}
        .chart .this{fill:#cf222e}.chart .axis{font-size:11px;fill:#57606a}.chart .value{font-size:12px;font-weight:600;fill:#cf222e}
        """;

    public static string Render(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var m = card.Manifest;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append(I, $"<title>Model card: {E(card.Title)}</title><style>{Style}</style></head><body>")
         .Append(I, $"<h1>Model card: {E(card.Title)}</h1>")
         .Append(I, $"<p class=\"muted\">Created {m.CreatedAt:u} by run <code>{E(m.RunId)}</code>. Model SHA-256 <code>{E(m.ModelSha256)}</code> ({m.ModelBytes:N0} bytes).</p>");

        Section(h, "Purpose");
        Facts(h, ("pipeline", m.Pipeline), ("task", m.Spec.Task), ("label", m.Spec.Label), ("positive class", card.PositiveClass), ("features", card.Features));

        Section(h, "Data");
        Facts(h, ("snapshot SHA-256", m.Dataset.Sha256), ("rows", m.Dataset.Rows.ToString("N0", I)), ("source blob", m.Dataset.SourceBlob),
            ("snapshot blob", m.Dataset.SnapshotBlob), ("checks", card.ChecksSummary));
        if (m.Checks.Count > 0)
        {
            h.Append("<table><tr><th></th><th>check</th><th>observed</th><th>threshold</th><th>message</th></tr>");
            foreach (var c in m.Checks)
            {
                h.Append(I, $"<tr><td class=\"{StatusClass(c.Status)}\">{ModelCard.Status(c.Status)}</td><td>{E(c.Column is null ? c.Name : $"{c.Name} ({c.Column})")}</td>")
                 .Append(I, $"<td>{E(c.Observed)}</td><td>{E(c.Threshold)}</td><td>{E(c.Message)}</td></tr>");
            }

            h.Append("</table>");
        }

        Section(h, "Training");
        Facts(h,
            ("trainer", $"{m.Trainer} (candidate {m.CandidateId})"),
            ("parameters", m.Parameters.Count == 0 ? "trainer defaults" : string.Join(", ", m.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={ModelCard.F(p.Value, "0.####")}"))),
            ("seed", m.Seed.ToString(I)),
            ("holdout share", ModelCard.F(m.Spec.TestFraction, "0.##")),
            ("training time", card.TrainingSeconds),
            ("spec hash", m.SpecHash),
            ("trigger", $"{m.Trigger.Kind} ({m.Trigger.Source}{(m.Trigger.Commit is null ? "" : $", commit {m.Trigger.Commit}")})"),
            ("packages", string.Join(", ", m.PackageVersions.Select(p => $"{p.Key} {p.Value}"))));

        Section(h, "Metrics");
        h.Append(I, $"<p>Primary metric <code>{E(card.PrimaryMetric)}</code>; {E(card.Comparison)}.</p>");
        var previous = card.PreviousChampion;
        h.Append(I, $"<table><tr><th>metric</th><th>v{m.Version}</th>{(previous is null ? "" : $"<th>v{previous.Version} (previous champion, own holdout)</th>")}</tr>");
        foreach (var name in card.MetricNames)
        {
            h.Append(I, $"<tr><td>{E(name)}</td><td class=\"num\">{ModelCard.Metric(m.Metrics, name)}</td>")
             .Append(previous is null ? "" : $"<td class=\"num\">{ModelCard.Metric(previous.Metrics, name)}</td>").Append("</tr>");
        }

        h.Append("</table>");
        if (card.ChampionGate is { } gate && m.ComparedWithVersion is not null)
        {
            h.Append(I, $"<p>On this run's holdout (the same rows for both): {E(gate.Observed)}, required {E(gate.Threshold)}.</p>");
        }

        Section(h, "Decision");
        h.Append(I, $"<p class=\"{(m.Decision.Promote ? "pass" : "fail")}\">{(m.Decision.Promote ? "Promoted" : "Not promoted")}: {E(m.Decision.Summary)}</p>")
         .Append("<table><tr><th></th><th>gate</th><th>observed</th><th>threshold</th><th>reason</th></tr>");
        foreach (var g in m.Decision.Gates)
        {
            h.Append(I, $"<tr><td class=\"{(g.Passed ? "pass" : "fail")}\">{(g.Passed ? "PASS" : "FAIL")}</td><td>{E(g.Gate)}</td><td>{E(g.Observed)}</td>")
             .Append(I, $"<td>{E(g.Threshold)}</td><td>{E(g.Reason)}</td></tr>");
        }

        h.Append("</table>");
        Facts(h, ("significance", card.Significance), ("smoke test", card.SmokeTest), ("edge artifact (ONNX)", card.Edge));

        Section(h, "Decisions");
        Facts(h, [("selection", ModelCardDecisions.Selection(m)), ("decision threshold", ModelCardDecisions.Threshold(m)),
            .. ModelCardDecisions.BusinessValue(m) is { } value ? [("business value", value)] : Array.Empty<(string, string)>(),
            ("curves", ModelCardDecisions.Curves(m))]);
        if (m.Decision.Ranking is { Count: > 0 })
        {
            Grid(h, ModelCardDecisions.RankingHeader, ModelCardDecisions.RankingRows(m), (_, column) => column is 2 or 3 ? "num" : null);
        }

        if (m.Search is { } search)
        {
            Facts(h, ("search", SearchRows.Summary(search)));
            Grid(h, SearchRows.Header(search), SearchRows.Rows(search), (_, column) => column is 5 or 7 ? "num" : null);
        }

        if (ModelCardDecisions.BusinessValueRows(m) is { } matrix)
        {
            Grid(h, ModelCardDecisions.BusinessValueHeader, matrix, (_, column) => column > 0 ? "num" : null);
        }

        if (ModelCardDecisions.GroupValueRows(m) is { } byGroup)
        {
            Grid(h, ModelCardDecisions.GroupValueHeader, byGroup, (_, column) => column >= 2 ? "num" : null);
        }

        if (m.Curves is { } curves)
        {
            h.Append(DecisionChartsSvg.PrecisionRecall(curves));
            if (curves.Calibration.Count > 0)
            {
                h.Append(DecisionChartsSvg.Calibration(curves));
            }
        }

        Section(h, "Fairness");
        h.Append(I, $"<p>Per-group metrics: {E(card.FairnessSummary)}.</p>");
        if (card.FairnessGroups is { } groups)
        {
            Grid(h, ModelCardText.FairnessHeader, ModelCardText.FairnessRows(groups, m.Spec.Promotion.Fairness?.MinGroupRows),
                (_, column) => column is >= 2 and <= 6 ? "num" : null);
            var disparities = card.FairnessDisparities;
            Grid(h, ModelCardText.DisparityHeader, ModelCardText.DisparityRows(disparities), (row, column) => column switch
            {
                2 => "num",
                6 => disparities[row].Within switch { true => "pass", false => "fail", null => "warn" },
                _ => null,
            });
        }

        Section(h, $"{card.PrimaryMetric} across versions");
        h.Append(MetricChartSvg.Render(card.History, card.PrimaryMetric, m.Version));
        if (Monitoring.MonitoringLinks.ReportPath(m) is { } report)
        {
            Section(h, "Live monitoring");
            h.Append(I, $"<p>Live quality, drift and incidents after promotion: <a href=\"{E(Monitoring.MonitoringLinks.RelativeFromCard(m))}\">{E(report)}</a>.</p>");
        }

        return h.Append("</body></html>\n").ToString();
    }

    private static void Section(StringBuilder h, string title) => h.Append(I, $"<h2>{E(title)}</h2>");

    private static void Facts(StringBuilder h, params (string Name, string Value)[] facts)
    {
        h.Append("<table>");
        foreach (var (name, value) in facts)
        {
            h.Append(I, $"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");
        }

        h.Append("</table>");
    }

    // cellClass: the CSS class of a cell by row and column index, or null.
    private static void Grid(StringBuilder h, IReadOnlyList<string> header, IEnumerable<string[]> rows, Func<int, int, string?> cellClass)
    {
        h.Append("<table><tr>");
        foreach (var name in header)
        {
            h.Append(I, $"<th>{E(name)}</th>");
        }

        h.Append("</tr>");
        foreach (var (row, r) in rows.Select((row, r) => (row, r)))
        {
            h.Append("<tr>");
            for (var c = 0; c < row.Length; c++)
            {
                h.Append(I, $"<td{(cellClass(r, c) is { } css ? $" class=\"{css}\"" : "")}>{E(row[c])}</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
    }

    private static string StatusClass(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
