using System.Globalization;
using System.Net;
using System.Text;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// <c>monitoring/{pipeline}/report.html</c>: one self-contained page (inline CSS and SVG, no script, no external
/// asset, a Content-Security-Policy that would block one), every value HTML-encoded.
/// </summary>
public static class MonitoringReportHtml
{
    public static string Render(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
         .Append("<title>").Append(E($"Monitoring: {report.Pipeline}")).Append("</title>")
         .Append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.5em 0}")
         .Append("td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.bad{color:#b00020;font-weight:bold}.ok{color:#1b5e20}</style></head><body>");
        h.Append("<h1>").Append(E($"Monitoring of {report.Pipeline}")).Append("</h1>");
        h.Append("<p>").Append(E($"Champion: {(report.ChampionVersion is { } v ? $"v{v}" : "none")}; evaluated {report.EvaluatedAt:u}.")).Append("</p>");
        h.Append("<p>").Append(E(report.Policy)).Append("</p>");
        if (report.Note is { } note)
        {
            h.Append("<p>").Append(E(note)).Append("</p>");
        }

        Join(h, report);
        foreach (var metric in report.Windows.SelectMany(w => w.Metrics.Select(m => m.Metric)).Distinct(StringComparer.Ordinal))
        {
            h.Append("<h2>").Append(E($"{metric} over windows")).Append("</h2>").Append(Chart(report.Windows, metric));
        }

        Windows(h, report.Windows);
        Drift(h, report.Windows);
        Fairness(h, report.Windows);
        Incidents(h, report.Incidents);
        return h.Append("</body></html>").ToString();
    }

    private static void Join(StringBuilder h, MonitoringReport report)
    {
        var j = report.Join;
        h.Append("<h2>Feedback</h2><table><tr><th>feedback rows</th><th>joined</th><th>unknown ids</th><th>duplicate ids</th>")
         .Append("<th>labels outside the classes</th><th>unreadable</th><th>of other versions</th></tr><tr>");
        foreach (var n in new[] { j.FeedbackRows, j.Joined, j.UnknownIds, j.DuplicateIds, j.LabelsOutsideClasses, j.Unreadable, report.RowsOfOtherVersions })
        {
            h.Append("<td>").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</td>");
        }

        h.Append("</tr></table>");
        List(h, j.Samples.Concat(report.PredictionProblems).ToList());
    }

    private static void Windows(StringBuilder h, IReadOnlyList<WindowReport> windows)
    {
        h.Append("<h2>Windows</h2><table><tr><th>window</th><th>scored</th><th>rows scored</th><th>labelled</th><th>state</th><th>metrics (live [interval] vs promised)</th><th>reasons</th></tr>");
        foreach (var w in windows)
        {
            var state = (!w.Judged ? "not judged" : w.Degraded ? "degraded" : "healthy") + (w.Judged && !w.MetricsJudged ? " (drift only)" : "");
            h.Append("<tr><td>").Append(E(w.Id)).Append("</td><td>").Append(E($"{w.From:u} – {w.To:u}")).Append("</td><td>")
             .Append(E(w.Scored.ToString(CultureInfo.InvariantCulture) + (w.Complete ? "" : " (filling)"))).Append("</td><td>")
             .Append(E(w.Rows.ToString(CultureInfo.InvariantCulture))).Append("</td><td class=\"")
             .Append(w.Degraded ? "bad" : "ok").Append("\">").Append(E(state)).Append("</td><td>")
             .Append(E(string.Join("; ", w.Metrics.Select(m => $"{m.Metric} {F(m.Live)} [{F(m.Lower)}, {F(m.Upper)}] vs {F(m.Promised)}"))))
             .Append("</td><td>").Append(E(string.Join("; ", w.Reasons))).Append("</td></tr>");
        }

        h.Append("</table>");
    }

    private static void Drift(StringBuilder h, IReadOnlyList<WindowReport> windows)
    {
        var columns = windows.SelectMany(w => w.Drift.Select(d => d.Column)).Distinct(StringComparer.Ordinal).ToList();
        if (columns.Count == 0)
        {
            return;
        }

        h.Append("<h2>Drift per column</h2><table><tr><th>column</th>");
        foreach (var w in windows)
        {
            h.Append("<th>").Append(E(w.Id)).Append("</th>");
        }

        h.Append("</tr>");
        foreach (var column in columns)
        {
            h.Append("<tr><td>").Append(E(column)).Append("</td>");
            foreach (var w in windows)
            {
                var d = w.Drift.FirstOrDefault(x => x.Column == column);
                h.Append(d is { Breached: true } ? "<td class=\"bad\">" : "<td>").Append(E(d is null ? "–" : $"{d.Measure} {F(d.Value)} (noise {F(d.NoiseLevel)}, {d.Rows} rows)")).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
    }

    private static void Fairness(StringBuilder h, IReadOnlyList<WindowReport> windows)
    {
        if (!windows.Any(w => w.Fairness.Count > 0))
        {
            return;
        }

        h.Append("<h2>Fairness over time</h2><table><tr><th>window</th><th>column</th><th>largest gap</th><th>within the limit</th></tr>");
        foreach (var w in windows)
        {
            foreach (var f in w.Fairness)
            {
                h.Append("<tr><td>").Append(E(w.Id)).Append("</td><td>").Append(E(f.Column)).Append("</td><td>").Append(E(f.Observed))
                 .Append(f.Passed ? "</td><td class=\"ok\">yes" : "</td><td class=\"bad\">no").Append("</td></tr>");
            }
        }

        h.Append("</table>");
    }

    private static void Incidents(StringBuilder h, IReadOnlyList<Incident> incidents)
    {
        h.Append("<h2>Incidents</h2>");
        if (incidents.Count == 0)
        {
            h.Append("<p>None.</p>");
            return;
        }

        h.Append("<table><tr><th>id</th><th>version</th><th>window</th><th>opened</th><th>closed</th><th>action</th><th>result</th><th>reasons</th></tr>");
        foreach (var i in incidents)
        {
            h.Append("<tr><td>").Append(E(i.Id)).Append("</td><td>").Append(E($"v{i.ModelVersion}")).Append("</td><td>").Append(E(i.Window))
             .Append("</td><td>").Append(E($"{i.OpenedAt:u}")).Append("</td><td>")
             .Append(E(i.ClosedAt is { } c ? $"{c:u} ({i.ClosedBy})" : "open")).Append("</td><td>").Append(E(i.Action)).Append("</td><td>")
             .Append(E(i.ActionResult ?? "")).Append("</td><td>").Append(E(string.Join("; ", i.Reasons))).Append("</td></tr>");
        }

        h.Append("</table>");
    }

    /// <summary>The live value of each window with its interval as a whisker, the promised value and the limit as lines.</summary>
    private static string Chart(IReadOnlyList<WindowReport> windows, string metric)
    {
        const int width = 640, height = 220, left = 50, right = 10, top = 10, bottom = 30;
        var points = windows.Select(w => (w, m: w.Metrics.FirstOrDefault(x => x.Metric == metric))).Where(p => p.m is not null).ToList();
        var promised = points.Select(p => p.m!.Promised).FirstOrDefault(v => v is not null);
        var values = points.SelectMany(p => new[] { p.m!.Live, p.m.Lower, p.m.Upper })
            .Concat(promised is { } pr ? [pr, pr - points[0].m!.Limit, pr + points[0].m!.Limit] : []).Where(double.IsFinite).ToList();
        if (values.Count == 0)
        {
            return "<p>No value to chart.</p>";
        }

        var (min, max) = (values.Min(), values.Max());
        if (max - min < 1e-9)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        double Y(double v) => top + ((max - v) / (max - min) * (height - top - bottom));
        double X(int i) => left + ((i + 0.5) * (width - left - right) / Math.Max(points.Count, 1));
        var s = new StringBuilder();
        s.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"")).Append(E($"{metric} per window"))
         .Append("\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        s.Append(I($"<text x=\"2\" y=\"{Y(max) + 4:0.#}\" font-size=\"10\">")).Append(E(F(max))).Append("</text>")
         .Append(I($"<text x=\"2\" y=\"{Y(min):0.#}\" font-size=\"10\">")).Append(E(F(min))).Append("</text>");
        if (promised is { } p0)
        {
            // The promised value (dashed green) and where the limit lies (dotted red): a window is breached only when
            // its whole interval is beyond the red line.
            var limit = Training.MetricCatalog.HigherIsBetter(metric) ? p0 - points[0].m!.Limit : p0 + points[0].m!.Limit;
            s.Append(I($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(p0):0.#}\" y2=\"{Y(p0):0.#}\" stroke=\"#1b5e20\" stroke-dasharray=\"4 2\"/>"))
             .Append(I($"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(limit):0.#}\" y2=\"{Y(limit):0.#}\" stroke=\"#b00020\" stroke-dasharray=\"1 3\"/>"));
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (w, m) = (points[i].w, points[i].m!);
            var colour = m.Breached ? "#b00020" : "#1565c0";
            if (double.IsFinite(m.Lower) && double.IsFinite(m.Upper))
            {
                s.Append(I($"<line x1=\"{X(i):0.#}\" x2=\"{X(i):0.#}\" y1=\"{Y(m.Lower):0.#}\" y2=\"{Y(m.Upper):0.#}\" stroke=\"{colour}\" stroke-width=\"2\"/>"));
            }

            if (double.IsFinite(m.Live))
            {
                s.Append(I($"<circle cx=\"{X(i):0.#}\" cy=\"{Y(m.Live):0.#}\" r=\"4\" fill=\"{colour}\"><title>"))
                 .Append(E($"{w.Id}: {m.Metric} {F(m.Live)} [{F(m.Lower)}, {F(m.Upper)}]")).Append("</title></circle>");
            }

            s.Append(I($"<text x=\"{X(i):0.#}\" y=\"{height - 8}\" font-size=\"10\" text-anchor=\"middle\">")).Append(E(w.Id)).Append("</text>");
        }

        return s.Append("</svg>").ToString();
    }

    private static void List(StringBuilder h, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        h.Append("<ul>");
        foreach (var item in items)
        {
            h.Append("<li>").Append(E(item)).Append("</li>");
        }

        h.Append("</ul>");
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
