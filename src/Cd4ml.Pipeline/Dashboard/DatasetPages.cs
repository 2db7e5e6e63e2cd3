using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Specs;
using Microsoft.AspNetCore.Http;
using static Cd4ml.Pipeline.Dashboard.DashboardHtml;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>
/// <c>GET /api/dashboard/pipelines/{pipeline}/datasets/{sha256}</c>: one snapshot as the profiler saw it, column by
/// column (type, missing, quantiles, a histogram from the quantile sketch, top values), and, when runs rejected it,
/// their quarantine reports. Two reads for the profile page (profile, quarantine listing) plus one per report.
/// </summary>
public sealed class DatasetPages(ProfileStore profiles, QuarantineStore quarantine)
{
    /// <summary>Most frequent values shown per column (the profile keeps more, for drift).</summary>
    public const int TopValues = 10;

    private static readonly (string Label, double Q)[] Quantiles = [("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95)];

    public async Task<IResult> DatasetAsync(string pipeline, string sha256, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline) || !IsSha256(sha256))
        {
            return NotFound("not a pipeline name and a dataset SHA-256 (64 lower-case hex digits)");
        }

        var (profileRead, reportsRead) = (profiles.GetAsync(pipeline, sha256, ct), quarantine.ListReportsAsync(pipeline, sha256, ct));
        await Task.WhenAll(profileRead, reportsRead).ConfigureAwait(false);
        var (profile, reports) = (profileRead.Result, reportsRead.Result);
        if (profile is null && reports.Count == 0)
        {
            return NotFound($"{pipeline} has no profile of dataset {sha256}");
        }

        var h = new StringBuilder();
        h.Append(I, $"<p>SHA-256 <code>{E(sha256)}</code>.</p>");
        Quarantine(h, pipeline, sha256, reports);
        if (profile is null)
        {
            h.Append("<p class=\"muted\">This dataset has no stored profile.</p>");
        }
        else
        {
            Summary(h, profile);
            ColumnsTable(h, profile);
            foreach (var column in profile.Columns)
            {
                ColumnSection(h, column, profile.Rows);
            }
        }

        return Result(Page($"Dataset {Short(sha256)}", [(pipeline, PipelineUrl(pipeline)), ($"dataset {Short(sha256)}", null)], h.ToString()));
    }

    /// <summary>True for a SHA-256 as snapshots are named: 64 lower-case hex digits.</summary>
    public static bool IsSha256(string? text) => text is { Length: 64 } && text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private static void Quarantine(StringBuilder h, string pipeline, string sha256, IReadOnlyList<QuarantineReport> reports)
    {
        if (reports.Count == 0)
        {
            return;
        }

        h.Append(I, $"<section aria-labelledby=\"quarantine\"><h2 id=\"quarantine\">Quarantined</h2><p class=\"warn\">Rejected by {reports.Count} run(s); the data is kept in <code>{E(Containers.Quarantine)}/{E(QuarantineStore.Folder(pipeline, sha256))}/data.csv</code>.</p>")
         .Append("<table><caption>Quarantine reports, oldest first</caption><thead><tr><th scope=\"col\">run</th><th scope=\"col\">when</th><th scope=\"col\">source</th><th scope=\"col\">failed checks</th><th scope=\"col\">report</th></tr></thead><tbody>");
        foreach (var r in reports)
        {
            var failed = r.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => $"{(c.Column is null ? c.Name : $"{c.Name} ({c.Column})")}: {c.Message}");
            h.Append(I, $"<tr><td><a href=\"{E(RunUrl(r.RunId))}\"><code>{E(r.RunId)}</code></a></td><td>{Time(r.At)}</td><td><code>{E(r.SourceBlob)}</code></td>")
             .Append("<td><ul>").AppendJoin("", failed.Select(f => $"<li>{E(f)}</li>")).Append("</ul></td>")
             .Append(I, $"<td><a href=\"{E(QuarantineReportUrl(pipeline, sha256, r.RunId))}\">report.html</a></td></tr>");
        }

        h.Append("</tbody></table></section>");
    }

    private static void Summary(StringBuilder h, DatasetProfile p)
    {
        h.Append("<table><caption>File</caption><tbody>")
         .Append(I, $"<tr><th scope=\"row\">size</th><td>{p.Bytes:N0} bytes, {p.Lines:N0} lines</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">rows</th><td>{p.Rows:N0}</td></tr><tr><th scope=\"row\">columns</th><td>{p.Columns.Count:N0}</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">duplicate rows</th><td>{p.DuplicateRowsEstimate:N0}{(p.DuplicateRowsExact ? "" : " (estimated)")}</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">ragged rows</th><td>{Lines(p.RaggedRows)}</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">invalid UTF-8 rows</th><td>{Lines(p.InvalidUtf8Rows)}</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">rows with NUL</th><td>{Lines(p.NulRows)}</td></tr>");
        if (p.Refusal is { } refusal)
        {
            h.Append(I, $"<tr><th scope=\"row\">not profiled</th><td class=\"fail\">{E(refusal.Message)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void ColumnsTable(StringBuilder h, DatasetProfile p)
    {
        h.Append("<h2 id=\"columns\">Columns</h2><table><caption>Every column at a glance</caption><thead><tr><th scope=\"col\">column</th><th scope=\"col\">type</th>")
         .Append("<th scope=\"col\">missing</th><th scope=\"col\">bad values</th><th scope=\"col\">distinct</th><th scope=\"col\">mean</th><th scope=\"col\">median</th></tr></thead><tbody>");
        foreach (var c in p.Columns)
        {
            h.Append(I, $"<tr><th scope=\"row\"><a href=\"#{ColumnAnchor(c)}\">{E(c.Name)}</a></th><td>{c.Type}</td><td class=\"num\">{c.Missing:N0} ({Share(c.Missing, p.Rows)})</td>")
             .Append(I, $"<td class=\"num\">{c.BadValues.Count:N0}</td><td class=\"num\">{c.DistinctEstimate:N0}</td>")
             .Append(I, $"<td class=\"num\">{Number(c.Numeric?.Mean)}</td><td class=\"num\">{Number(c.Numeric is { Sketch.Count: > 0 } n ? n.Sketch.Quantile(0.5) : null)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void ColumnSection(StringBuilder h, ColumnProfile c, long rows)
    {
        h.Append(I, $"<section class=\"column\" aria-labelledby=\"{ColumnAnchor(c)}\"><h2 id=\"{ColumnAnchor(c)}\">{E(c.Name)} <span class=\"muted\">{c.Type}</span></h2>")
         .Append(I, $"<table><caption>{E(c.Name)}: statistics</caption><tbody>")
         .Append(I, $"<tr><th scope=\"row\">values</th><td class=\"num\">{c.Count:N0}</td></tr><tr><th scope=\"row\">missing</th><td class=\"num\">{c.Missing:N0} ({Share(c.Missing, rows)})</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">bad values</th><td class=\"num\">{Lines(c.BadValues)}{(c.BadValueExamples.Count == 0 ? "" : $"; e.g. {E(string.Join(", ", c.BadValueExamples.Take(3)))}")}</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">distinct</th><td class=\"num\">{c.DistinctEstimate:N0}{(c.Categories is null ? " (estimated)" : "")}</td></tr>");
        if (c.Numeric is { } n)
        {
            h.Append(I, $"<tr><th scope=\"row\">mean ± sd</th><td class=\"num\">{Number(n.Mean)} ± {Number(n.StdDev)}</td></tr>")
             .Append(I, $"<tr><th scope=\"row\">min</th><td class=\"num\">{Number(n.Min)} (line {n.MinLine:N0})</td></tr>");
            foreach (var (label, q) in Quantiles)
            {
                h.Append(I, $"<tr><th scope=\"row\">{label}</th><td class=\"num\">{Number(n.Sketch.Count > 0 ? n.Sketch.Quantile(q) : null)}</td></tr>");
            }

            h.Append(I, $"<tr><th scope=\"row\">max</th><td class=\"num\">{Number(n.Max)} (line {n.MaxLine:N0})</td></tr>");
        }

        h.Append("</tbody></table>");
        if (c.Numeric is { } numeric)
        {
            h.Append(DashboardCharts.Histogram(numeric.Sketch, $"{c.Name}: histogram of {numeric.Count:N0} values in {DashboardCharts.HistogramBins} bins", c.Categories));
        }

        if (c.TopCategories.Count > 0)
        {
            h.Append(I, $"<table><caption>{E(c.Name)}: most frequent values</caption><thead><tr><th scope=\"col\">value</th><th scope=\"col\">count</th><th scope=\"col\">share</th></tr></thead><tbody>");
            foreach (var t in c.TopCategories.Take(TopValues))
            {
                h.Append(I, $"<tr><td><code>{E(t.Value)}</code></td><td class=\"num\">{t.Count:N0}</td><td class=\"num\">{Share(t.Count, c.Count)}</td></tr>");
            }

            h.Append("</tbody></table>");
        }

        h.Append("</section>");
    }

    // By position, not by name: names can repeat, and a name is data (it may hold anything).
    private static string ColumnAnchor(ColumnProfile c) => string.Create(I, $"col-{c.Index}");

    private static string Lines(LineSample sample) =>
        sample.Count == 0 ? "0" : string.Create(I, $"{sample.Count:N0} (lines {string.Join(", ", sample.Lines.Select(l => l.ToString("N0", I)))}{(sample.Count > sample.Lines.Count ? ", …" : "")})");

    private static string Share(long part, long whole) => whole <= 0 ? "–" : string.Create(I, $"{100.0 * part / whole:0.#}%");

    private static string Short(string sha) => sha[..12];

    private static IResult NotFound(string message) =>
        Result(Page("Not found", [], $"<p role=\"alert\">{E(message)}</p>"), StatusCodes.Status404NotFound);
}
