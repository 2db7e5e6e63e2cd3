using System.Globalization;
using System.Net;
using System.Text;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks;

/// <summary>
/// Renders a quarantine report as one self-contained HTML page (<c>report.html</c>): what failed, observed
/// against threshold, and where in the file (line numbers, columns, example values). Inline CSS only, no
/// script, and every piece of text HTML-encoded: column names and cell values come from the data.
/// </summary>
public static class QuarantineReportHtml
{
    private static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>The one stylesheet, public so a host that serves the stored document can allow exactly it by hash.</summary>
    public const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1000px;color:#1b1f24;padding:0 1rem}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        table{border-collapse:collapse;margin:.6rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.9em;word-break:break-all}
        .muted{color:#57606a}.pass{color:#1a7f37;font-weight:600}.warn{color:#9a6700;font-weight:600}.fail{color:#cf222e;font-weight:600}
        .banner{background:#ffebe9;border:1px solid #ff8182;padding:.6rem .8rem;border-radius:6px}
        """;

    public static string Render(QuarantineReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failed = report.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append(I, $"<title>Dataset rejected: {E(report.Pipeline)}</title><style>{Style}</style></head><body>")
         .Append(I, $"<h1>Dataset rejected: {E(report.Pipeline)}</h1>")
         .Append(I, $"<p class=\"banner\"><strong>{failed.Count} check(s) failed.</strong> Nothing was trained and the champion is unchanged. ")
         .Append("Fix the data and drop it again; this copy stays here for reference.</p>")
         .Append("<table>")
         .Append(I, $"<tr><th>source</th><td><code>{E(report.SourceBlob)}</code></td></tr>")
         .Append(I, $"<tr><th>SHA-256</th><td><code>{E(report.Sha256)}</code></td></tr>")
         .Append(I, $"<tr><th>run</th><td><code>{E(report.RunId)}</code></td></tr>")
         .Append(I, $"<tr><th>at</th><td>{report.At:u}</td></tr>");
        if (report.Profile is { } profile)
        {
            h.Append(I, $"<tr><th>size</th><td>{profile.Rows:N0} data rows, {profile.Header.Count:N0} columns, {profile.Bytes:N0} bytes</td></tr>");
        }

        h.Append("</table>");

        Section(h, "What failed");
        ChecksTable(h, failed);

        var others = report.Checks.Where(c => c.Status != CheckStatus.Fail).ToList();
        if (others.Count > 0)
        {
            Section(h, "Other checks");
            ChecksTable(h, others);
        }

        if (report.Profile is { } p)
        {
            WhereInTheFile(h, p);
        }

        h.Append("</body></html>");
        return h.ToString();
    }

    private static void ChecksTable(StringBuilder h, IReadOnlyList<CheckResult> checks)
    {
        h.Append("<table><tr><th></th><th>check</th><th>column</th><th>observed</th><th>threshold</th><th>why</th></tr>");
        foreach (var c in checks)
        {
            var status = c.Status switch { CheckStatus.Pass => "pass", CheckStatus.Warn => "warn", _ => "fail" };
            h.Append(I, $"<tr><td class=\"{status}\">{status.ToUpperInvariant()}</td><td>{E(c.Name)}</td><td>{E(c.Column ?? "")}</td>")
             .Append(I, $"<td>{E(c.Observed)}</td><td>{E(c.Threshold)}</td><td>{E(c.Message)}</td></tr>");
        }

        h.Append("</table>");
    }

    // The profile knows the first line numbers of every problem; listing them here saves the user a search.
    private static void WhereInTheFile(StringBuilder h, DatasetProfile profile)
    {
        var rows = new List<(string What, string Column, LineSample Sample, string Examples)>
        {
            ("rows with the wrong number of fields", "", profile.RaggedRows, ""),
            ("rows that are not valid UTF-8", "", profile.InvalidUtf8Rows, ""),
            ("rows with NUL bytes", "", profile.NulRows, ""),
        };
        rows.AddRange(profile.Columns.Select(c => ("values that do not fit the column's type", c.Name, c.BadValues,
            string.Join(", ", c.BadValueExamples.Take(5).Select(x => $"\"{x}\"")))));
        var problems = rows.Where(r => r.Sample.Count > 0).ToList();
        var missing = profile.Columns.Where(c => c.Missing > 0).ToList();
        if (problems.Count == 0 && missing.Count == 0)
        {
            return;
        }

        Section(h, "Where in the file");
        if (problems.Count > 0)
        {
            h.Append("<table><tr><th>problem</th><th>column</th><th>rows</th><th>first lines</th><th>examples</th></tr>");
            foreach (var (what, column, sample, examples) in problems)
            {
                h.Append(I, $"<tr><td>{E(what)}</td><td>{E(column)}</td><td class=\"num\">{sample.Count:N0}</td>")
                 .Append(I, $"<td>{E(string.Join(", ", sample.Lines))}</td><td><code>{E(examples)}</code></td></tr>");
            }

            h.Append("</table>");
        }

        if (missing.Count > 0)
        {
            h.Append("<p class=\"muted\">Missing values per column (empty cells and missing-value markers):</p>")
             .Append("<table><tr><th>column</th><th>type</th><th>missing</th><th>share</th></tr>");
            foreach (var c in missing)
            {
                var total = c.Count + c.Missing;
                var share = total == 0 ? 0 : (double)c.Missing / total;
                h.Append(I, $"<tr><td>{E(c.Name)}</td><td>{E(c.Type.ToString().ToLowerInvariant())}</td><td class=\"num\">{c.Missing:N0}</td><td class=\"num\">{share * 100:0.0}%</td></tr>");
            }

            h.Append("</table>");
        }
    }

    private static void Section(StringBuilder h, string title) => h.Append(I, $"<h2>{E(title)}</h2>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
