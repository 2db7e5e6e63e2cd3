using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Metrics;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using static Cd4ml.Pipeline.Dashboard.DashboardHtml;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>
/// The dashboard's pages, server-rendered (no script needed to read them), written once against ASP.NET Core types
/// so the Functions app and <c>cd4ml serve</c> share them like the API routes. Reads go through the index blobs
/// (<see cref="DashboardIndexStore"/>): the overview costs a few reads per pipeline, a pipeline page a few in all.
/// </summary>
public sealed class DashboardPages(
    DashboardIndexStore index, ModelRegistry registry, RunReportStore reports, PipelineSpecStore specs, ProfileStore profiles, ScheduleStates schedules)
{
    /// <summary>Rows per page of the runs table.</summary>
    public const int PageSize = 25;

    /// <summary><c>GET /api/dashboard</c>: every pipeline with its champion, last run, a sparkline and the delivery tiles.</summary>
    public async Task<IResult> OverviewAsync(CancellationToken ct = default)
    {
        var names = (await specs.ListAsync(ct).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        var rows = new (string Name, AliasRecord? Champion, IReadOnlyList<VersionRow> Versions, RunRow? Last)[names.Count];
        var histories = new DeliveryHistory[names.Count];
        var until = DateTimeOffset.UtcNow;
        var since = until - DeliveryMetricsReader.DefaultWindow;
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var name = names[i];
            // Four small reads per pipeline, at the same time: the page costs the slowest of them, not their sum.
            var champion = registry.GetAliasAsync(name, ModelRegistry.Champion, token);
            var versions = index.VersionsAsync(name, token);
            var runs = index.RunsAsync(name, token);
            var audit = registry.ReadAuditAsync(name, token);
            await Task.WhenAll(champion, versions, runs, audit).ConfigureAwait(false);
            rows[i] = (name, champion.Result.Record, versions.Result, runs.Result.Count == 0 ? null : runs.Result[^1]);
            histories[i] = Starts(name, audit.Result, runs.Result);
        }).ConfigureAwait(false);

        var h = new StringBuilder();
        Tiles(h, DeliveryMetricsCalculator.Overall(histories, since, until), "all pipelines, last 30 days");
        h.Append("<table><caption>Pipelines</caption><thead><tr><th scope=\"col\">pipeline</th><th scope=\"col\">champion</th><th scope=\"col\">trainer</th>")
         .Append("<th scope=\"col\">primary metric</th><th scope=\"col\">over versions</th><th scope=\"col\">last run</th><th scope=\"col\">reason</th><th scope=\"col\">when</th></tr></thead><tbody>");
        foreach (var (name, champion, versions, last) in rows)
        {
            var championRow = champion is null ? null : versions.FirstOrDefault(v => v.Version == champion.Version);
            h.Append(I, $"<tr><td><a href=\"{E(PipelineUrl(name))}\">{E(name)}</a></td>")
             .Append(champion is null ? "<td class=\"muted\">none</td><td></td><td></td>" :
                 $"<td><a href=\"{E(VersionUrl(name, champion.Version))}\">v{champion.Version}</a></td><td>{E(championRow?.Trainer)}</td>" +
                 $"<td class=\"num\">{E(championRow?.PrimaryMetric)} {Number(championRow?.Value)}</td>")
             .Append(I, $"<td>{DashboardCharts.Sparkline([.. versions.Select(v => v.Value)], $"{name}: primary metric over {versions.Count} versions")}</td>")
             .Append(last is null ? "<td class=\"muted\">no run yet</td><td></td><td></td>" :
                 $"<td><a href=\"{E(RunUrl(last.RunId))}\" class=\"{OutcomeClass(last.Outcome)}\">{last.Outcome}</a></td><td>{E(last.Reason)}</td><td>{Time(last.CompletedAt ?? last.StartedAt)}</td>")
             .Append("</tr>");
        }

        h.Append("</tbody></table>");
        if (names.Count == 0)
        {
            h.Append("<p>No pipeline yet: push a spec with <code>cd4ml pipelines push</code>.</p>");
        }

        return Result(Page("Pipelines", [], h.ToString()));
    }

    /// <summary>
    /// <c>GET /api/dashboard/pipelines/{pipeline}[?outcome=&amp;page=&amp;at=]</c>: runs (filtered, paged), versions with
    /// aliases, the primary metric over versions with bootstrap intervals, the alias timeline and "champion at T".
    /// </summary>
    public async Task<IResult> PipelineAsync(HttpRequest request, string pipeline, DurableTaskClient? client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PipelineNames.IsValid(pipeline))
        {
            return NotFound($"'{pipeline}' is not a pipeline name: {PipelineNames.Rule}");
        }

        var (specRead, versionsRead) = (specs.GetAsync(pipeline, ct), index.VersionsAsync(pipeline, ct));
        await Task.WhenAll(specRead, versionsRead).ConfigureAwait(false);
        var (spec, versions) = (specRead.Result, versionsRead.Result);
        if (spec is null && versions.Count == 0)
        {
            return NotFound($"no pipeline '{pipeline}'");
        }

        var (runsRead, auditRead, aliasesRead, scheduleRead) =
            (index.RunsAsync(pipeline, ct), registry.ReadAuditAsync(pipeline, ct), registry.ListAliasesAsync(pipeline, ct), schedules.ReadAsync(pipeline, ct));
        await Task.WhenAll(runsRead, auditRead, aliasesRead, scheduleRead).ConfigureAwait(false);
        var (runs, audit, aliases) = (runsRead.Result, auditRead.Result, aliasesRead.Result);
        var until = DateTimeOffset.UtcNow;
        var h = new StringBuilder();

        if (spec is not null)
        {
            h.Append(I, $"<p>{E(spec.Task)} on <code>{E(spec.Label)}</code>; primary metric <strong>{E(spec.Promotion.PrimaryMetric)}</strong>; ")
             .Append(I, $"approval {E(spec.Approval)}.</p>");
            DashboardSchedule.Append(h, spec.Schedule, scheduleRead.Result);
        }

        Tiles(h, DeliveryMetricsCalculator.ForPipeline(Starts(pipeline, audit, runs), until - DeliveryMetricsReader.DefaultWindow, until), "last 30 days");
        await InFlightAsync(h, pipeline, client, ct).ConfigureAwait(false);
        RunsTable(h, request, pipeline, runs);
        QuarantinedDatasets(h, pipeline, runs);

        var metric = spec?.Promotion.PrimaryMetric ?? versions.LastOrDefault()?.PrimaryMetric ?? "";
        var champion = aliases.TryGetValue(ModelRegistry.Champion, out var c) ? c.Version : (int?)null;
        h.Append(I, $"<h2 id=\"metric\">{E(metric)} over versions</h2>")
         .Append("<p class=\"muted\">Dots are each version's holdout value; bars are the significance gate's bootstrap interval (the improvement over the champion it was compared with); the red dot is the champion.</p>")
         .Append(DashboardCharts.MetricOverVersions([.. versions.Select(v => new MetricPointWithInterval(v.Version, v.Value, v.Lower, v.Upper, v.Version == champion))], metric));

        h.Append("<h2 id=\"versions\">Versions</h2><table><caption>Versions, newest first</caption><thead><tr><th scope=\"col\">version</th><th scope=\"col\">aliases</th><th scope=\"col\">created</th>")
         .Append("<th scope=\"col\">trainer</th><th scope=\"col\">primary metric</th><th scope=\"col\">interval</th><th scope=\"col\">dataset</th><th scope=\"col\">run</th></tr></thead><tbody>");
        foreach (var v in versions.Reverse())
        {
            var names = string.Join(", ", aliases.Where(a => a.Value.Version == v.Version).Select(a => a.Key));
            h.Append(I, $"<tr><td><a href=\"{E(VersionUrl(pipeline, v.Version))}\">v{v.Version}</a></td><td>{E(names)}</td><td>{Time(v.CreatedAt)}</td><td>{E(v.Trainer)}</td>")
             .Append(I, $"<td class=\"num\">{Number(v.Value)}</td><td class=\"num\">{(v.Lower is null ? "" : $"[{Number(v.Lower)}, {Number(v.Upper)}]")}</td>")
             .Append(I, $"<td><a href=\"{E(DatasetUrl(pipeline, v.DatasetSha256))}\"><code>{E(Short(v.DatasetSha256))}</code></a> ({v.DatasetRows:N0} rows)</td><td><a href=\"{E(RunUrl(v.RunId))}\"><code>{E(v.RunId)}</code></a></td></tr>");
        }

        h.Append("</tbody></table>");
        AliasTimeline(h, request, audit);
        return Result(Page(pipeline, [(pipeline, null)], h.ToString()));
    }

    /// <summary><c>GET /api/dashboard/runs/{runId}</c>: progress while running, then checks, candidates, gates and fairness; approve or reject when it waits.</summary>
    public async Task<IResult> RunAsync(string runId, DurableTaskClient? client, CancellationToken ct = default)
    {
        var pipeline = RunIds.PipelineOf(runId);
        if (pipeline is null || BlobNames.Problem(runId) is not null)
        {
            return NotFound($"'{runId}' is not a run id");
        }

        var crumbs = new List<(string, string?)> { (pipeline, PipelineUrl(pipeline)), (runId, null) };
        var report = await reports.ReadAsync(pipeline, runId, ct).ConfigureAwait(false);
        var instance = report is null && client is not null ? await client.GetInstanceAsync(runId, getInputsAndOutputs: true, ct).ConfigureAwait(false) : null;
        if (report is null)
        {
            if (instance is null)
            {
                return NotFound($"no run '{runId}' is known to this host");
            }

            var progress = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>();
            var waiting = instance.RuntimeStatus == OrchestrationRuntimeStatus.Running && progress?.Stage == RunStages.AwaitingApproval;
            var p = new StringBuilder();
            var stage = progress?.Stage ?? "starting";
            // data-run: the script polls the run's status and updates these fields; without script the page reloads itself.
            var follow = instance.IsCompleted ? "" : $" data-run=\"/api/runs/{E(U(runId))}\" data-stage=\"{E(stage)}\"";
            p.Append(I, $"<section{follow} aria-label=\"Progress\">")
             .Append(I, $"<p class=\"status\" role=\"status\" aria-live=\"polite\">Status <strong data-field=\"status\">{instance.RuntimeStatus}</strong>, stage <strong data-field=\"stage\">{E(stage)}</strong>: <span data-field=\"detail\">{E(progress?.Detail)}</span></p>")
             .Append(I, $"<p class=\"muted\">Started {Time(instance.CreatedAt)}. <span data-field=\"note\">{(waiting || instance.IsCompleted ? "" : "This page reloads every 5 seconds until the run ends.")}</span></p></section>");
            if (waiting)
            {
                ApprovalForm(p, runId);
            }

            return Result(Page($"Run {runId}", crumbs, p.ToString(), refreshSeconds: waiting || instance.IsCompleted ? null : 5));
        }

        var h = new StringBuilder();
        h.Append(I, $"<p class=\"status\" role=\"status\"><span class=\"{OutcomeClass(report.Outcome)}\">{report.Outcome}</span>: {E(report.Message)}</p>")
         .Append("<table><caption>Run</caption><tbody>")
         .Append(I, $"<tr><th scope=\"row\">trigger</th><td>{E(report.Trigger.Kind)} from {E(report.Trigger.Source)}{(report.Trigger.Commit is { } commit ? $", commit <code>{E(commit)}</code>" : "")}{(report.Trigger.RequestedBy is { } by ? $", by {E(by)}" : "")}</td></tr>")
         .Append(I, $"<tr><th scope=\"row\">dataset</th><td>{DatasetLink(pipeline, report.Dataset.Sha256)} ({report.Dataset.Rows:N0} rows) from <code>{E(report.Dataset.SourceBlob)}</code></td></tr>")
         .Append(I, $"<tr><th scope=\"row\">started</th><td>{Time(report.StartedAt)}</td></tr><tr><th scope=\"row\">duration</th><td>{Duration(report.StartedAt, report.CompletedAt)}</td></tr>");
        if (report.PublishedVersion is { } published)
        {
            h.Append(I, $"<tr><th scope=\"row\">published</th><td><a href=\"{E(VersionUrl(pipeline, published))}\">v{published}</a></td></tr>");
        }

        if (report.QuarantineFolder is { } folder)
        {
            var reportLink = DatasetPages.IsSha256(report.Dataset.Sha256)
                ? $" <a href=\"{E(QuarantineReportUrl(pipeline, report.Dataset.Sha256, runId))}\">report.html</a>" : "";
            h.Append(I, $"<tr><th scope=\"row\">quarantine</th><td><code>{E(folder)}</code>{reportLink}</td></tr>");
        }

        h.Append("</tbody></table>");
        Checks(h, report.Checks);
        Candidates(h, report);
        DashboardSearch.Append(h, report.Search);
        Gates(h, report.Decision?.Gates ?? []);
        Fairness(h, report.Decision?.Fairness);
        return Result(Page($"Run {runId}", crumbs, h.ToString()));
    }

    /// <summary><c>GET /api/dashboard/pipelines/{pipeline}/versions/{version}[?compare=M]</c>: the card's facts, lineage, and a side-by-side comparison.</summary>
    public async Task<IResult> VersionAsync(HttpRequest request, string pipeline, string version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PipelineNames.IsValid(pipeline) || !int.TryParse(version, System.Globalization.NumberStyles.None, I, out var number) || number < 1)
        {
            return NotFound("not a pipeline name and version number");
        }

        var manifest = await registry.GetManifestAsync(pipeline, number, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return NotFound($"{pipeline} has no version {number}");
        }

        ModelManifest? other = null;
        if (request.Query["compare"].FirstOrDefault() is { } compareText && int.TryParse(compareText, System.Globalization.NumberStyles.None, I, out var compare) && compare >= 1)
        {
            other = await registry.GetManifestAsync(pipeline, compare, ct).ConfigureAwait(false);
        }

        var card = new ModelCard(manifest, null, []);
        var h = new StringBuilder();
        h.Append(I, $"<p class=\"muted\">Created {Time(manifest.CreatedAt)} by run <a href=\"{E(RunUrl(manifest.RunId))}\"><code>{E(manifest.RunId)}</code></a>. Model SHA-256 <code>{E(manifest.ModelSha256)}</code> ({manifest.ModelBytes:N0} bytes).</p>")
         .Append(I, $"<form class=\"inline\" method=\"get\" action=\"{E(VersionUrl(pipeline, number))}\"><label>Compare with version<input name=\"compare\" type=\"number\" min=\"1\" required value=\"{(other?.Version ?? Math.Max(1, number - 1))}\"></label><button type=\"submit\">Compare</button></form>");
        h.Append(I, $"<p>Trained on dataset {DatasetLink(pipeline, manifest.Dataset.Sha256)}; the stored <a href=\"{E(CardUrl(pipeline, number))}\">model card</a>.</p>");

        var columns = other is null ? new[] { manifest } : [manifest, other];
        h.Append("<h2>Model</h2><table><caption>Facts").Append(other is null ? "" : " side by side").Append("</caption><thead><tr><th scope=\"col\"></th>");
        foreach (var m in columns)
        {
            h.Append(I, $"<th scope=\"col\">v{m.Version}</th>");
        }

        h.Append("</tr></thead><tbody>");
        Row(h, "trainer", columns, m => $"{m.Trainer} ({m.CandidateId})");
        Row(h, "task", columns, m => m.Spec.Task);
        Row(h, "trigger", columns, m => $"{m.Trigger.Kind} from {m.Trigger.Source}");
        Row(h, "dataset SHA-256", columns, m => m.Dataset.Sha256);
        Row(h, "rows", columns, m => m.Dataset.Rows.ToString("N0", I));
        Row(h, "source blob", columns, m => m.Dataset.SourceBlob);
        Row(h, "spec hash", columns, m => m.SpecHash);
        Row(h, "compared with", columns, m => m.ComparedWithVersion is { } v ? $"v{v}" : "no champion");
        Row(h, "decision", columns, m => m.Decision.Summary);
        foreach (var key in columns.SelectMany(m => m.Metrics.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Row(h, $"metric {key}", columns, m => m.Metrics.TryGetValue(key, out var v) ? Number(v) : "–", numeric: true);
        }

        foreach (var key in columns.SelectMany(m => m.Parameters.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Row(h, $"parameter {key}", columns, m => m.Parameters.TryGetValue(key, out var v) ? Number(v, "0.######") : "–", numeric: true);
        }

        h.Append("</tbody></table>")
         .Append(I, $"<p>Checks: {E(card.ChecksSummary)}</p>");
        if (other is not null && other.Dataset.Sha256 != manifest.Dataset.Sha256)
        {
            await ProfileDiffAsync(h, manifest, other, ct).ConfigureAwait(false);
        }

        Gates(h, manifest.Decision.Gates);
        Fairness(h, manifest.Decision.Fairness);
        return Result(Page($"{pipeline} v{number}", [(pipeline, PipelineUrl(pipeline)), ($"v{number}", null)], h.ToString()));
    }

    private async Task ProfileDiffAsync(StringBuilder h, ModelManifest a, ModelManifest b, CancellationToken ct)
    {
        var pa = await profiles.GetAsync(a.Pipeline, a.Dataset.Sha256, ct).ConfigureAwait(false);
        var pb = await profiles.GetAsync(b.Pipeline, b.Dataset.Sha256, ct).ConfigureAwait(false);
        if (pa is null || pb is null)
        {
            h.Append("<p class=\"muted\">A data profile is missing, so the data cannot be compared.</p>");
            return;
        }

        h.Append(I, $"<h2>Data, column by column</h2><table><caption>v{a.Version} data vs v{b.Version} data</caption><thead><tr><th scope=\"col\">column</th><th scope=\"col\">type</th><th scope=\"col\">missing</th><th scope=\"col\">mean</th><th scope=\"col\">min … max</th><th scope=\"col\">top categories</th></tr></thead><tbody>");
        foreach (var name in pa.Columns.Select(c => c.Name).Union(pb.Columns.Select(c => c.Name)))
        {
            var (x, y) = (pa.Column(name), pb.Column(name));
            h.Append(I, $"<tr><th scope=\"row\">{E(name)}</th>")
             .Append(I, $"<td>{E(Both(x?.Type.ToString(), y?.Type.ToString()))}</td>")
             .Append(I, $"<td>{E(Both(x?.Missing.ToString("N0", I), y?.Missing.ToString("N0", I)))}</td>")
             .Append(I, $"<td>{E(Both(x?.Numeric is { } nx ? Number(nx.Mean) : null, y?.Numeric is { } ny ? Number(ny.Mean) : null))}</td>")
             .Append(I, $"<td>{E(Both(x?.Numeric is { } rx ? $"{Number(rx.Min)} … {Number(rx.Max)}" : null, y?.Numeric is { } ry ? $"{Number(ry.Min)} … {Number(ry.Max)}" : null))}</td>")
             .Append(I, $"<td>{E(Both(Top(x), Top(y)))}</td></tr>");
        }

        h.Append("</tbody></table>");

        static string Top(ColumnProfile? c) => c is null ? "" : string.Join(", ", c.TopCategories.Take(3).Select(t => $"{t.Value} ({t.Count.ToString(I)})"));
        static string Both(string? x, string? y) => x == y ? x ?? "" : $"{x ?? "absent"} → {y ?? "absent"}";
    }

    private static void Row(StringBuilder h, string label, IReadOnlyList<ModelManifest> columns, Func<ModelManifest, string> value, bool numeric = false)
    {
        var values = columns.Select(value).ToList();
        var differs = values.Distinct(StringComparer.Ordinal).Count() > 1;
        h.Append(I, $"<tr><th scope=\"row\">{E(label)}{(differs ? " <span class=\"warn\">(differs)</span>" : "")}</th>");
        foreach (var v in values)
        {
            h.Append(I, $"<td{(numeric ? " class=\"num\"" : "")}>{E(v)}</td>");
        }

        h.Append("</tr>");
    }

    private static void Tiles(StringBuilder h, DeliveryMetrics m, string window)
    {
        static string Hours(double? x) => x switch
        {
            null => "–",
            < 1 and var v => string.Create(I, $"{v * 60:0} min"),
            var v => string.Create(I, $"{v:0.#} h"),
        };
        h.Append(I, $"<section aria-label=\"Delivery metrics\"><h2>Delivery ({E(window)})</h2><ul class=\"tiles\">")
         .Append(I, $"<li>Promotions per week<strong>{m.PromotionsPerWeek:0.##}</strong><span class=\"muted\">{m.Promotions} promotions</span></li>")
         .Append(I, $"<li>Lead time p50 / p90<strong>{Hours(m.LeadTimeP50Hours)} / {Hours(m.LeadTimeP90Hours)}</strong><span class=\"muted\">{m.LeadTimeSamples} samples</span></li>")
         .Append(I, $"<li>Change failure rate<strong>{(m.ChangeFailureRate is { } r ? string.Create(I, $"{r * 100:0}%") : "–")}</strong><span class=\"muted\">{m.FailedPromotions} rolled back</span></li>")
         .Append(I, $"<li>Time to restore p50<strong>{Hours(m.TimeToRestoreP50Hours)}</strong><span class=\"muted\">{m.RestoreSamples} restores</span></li>")
         .Append("</ul><p class=\"muted\">Definitions: docs/delivery-metrics.md.</p></section>");
    }

    private static DeliveryHistory Starts(string pipeline, IReadOnlyList<AuditEntry> audit, IReadOnlyList<RunRow> runs) =>
        new(pipeline, audit, runs.GroupBy(r => r.RunId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().ChangedAt, StringComparer.Ordinal));

    private static async Task InFlightAsync(StringBuilder h, string pipeline, DurableTaskClient? client, CancellationToken ct)
    {
        if (client is null)
        {
            return;
        }

        var running = new List<(string Id, string Status, string? Stage)>();
        var query = new OrchestrationQuery { InstanceIdPrefix = $"{pipeline}-", FetchInputsAndOutputs = true, PageSize = 50 };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
        {
            if (!instance.IsCompleted && RunIds.PipelineOf(instance.InstanceId) == pipeline)
            {
                running.Add((instance.InstanceId, instance.RuntimeStatus.ToString(), instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>()?.Stage));
            }
        }

        if (running.Count > 0)
        {
            h.Append("<h2>In progress</h2><ul>");
            foreach (var (id, status, stage) in running)
            {
                h.Append(I, $"<li><a href=\"{E(RunUrl(id))}\"><code>{E(id)}</code></a>: {E(status)}, {E(stage ?? "starting")}</li>");
            }

            h.Append("</ul>");
        }
    }

    private static void RunsTable(StringBuilder h, HttpRequest request, string pipeline, IReadOnlyList<RunRow> runs)
    {
        var outcome = Enum.TryParse<RunOutcome>(request.Query["outcome"].FirstOrDefault(), ignoreCase: false, out var o) && Enum.IsDefined(o) ? o : (RunOutcome?)null;
        var filtered = runs.Reverse().Where(r => outcome is null || r.Outcome == outcome).ToList();
        var pages = Math.Max(1, (filtered.Count + PageSize - 1) / PageSize);
        var page = int.TryParse(request.Query["page"].FirstOrDefault(), System.Globalization.NumberStyles.None, I, out var p) ? Math.Clamp(p, 1, pages) : 1;

        h.Append(I, $"<h2 id=\"runs\">Runs</h2><form class=\"inline\" method=\"get\" action=\"{E(PipelineUrl(pipeline))}#runs\"><label>Outcome<select name=\"outcome\"><option value=\"\">any</option>");
        foreach (var value in Enum.GetValues<RunOutcome>())
        {
            h.Append(I, $"<option{(value == outcome ? " selected" : "")}>{value}</option>");
        }

        h.Append("</select></label><button type=\"submit\">Filter</button></form>")
         .Append(I, $"<table><caption>{filtered.Count} runs{(outcome is null ? "" : $" with outcome {outcome}")}, newest first; page {page} of {pages}</caption>")
         .Append("<thead><tr><th scope=\"col\">run</th><th scope=\"col\">trigger</th><th scope=\"col\">dataset</th><th scope=\"col\">outcome</th><th scope=\"col\">reason</th><th scope=\"col\">started</th><th scope=\"col\">duration</th></tr></thead><tbody>");
        foreach (var r in filtered.Skip((page - 1) * PageSize).Take(PageSize))
        {
            h.Append(I, $"<tr><td><a href=\"{E(RunUrl(r.RunId))}\"><code>{E(r.RunId)}</code></a></td><td>{E(r.Trigger)}</td><td><a href=\"{E(DatasetUrl(pipeline, r.DatasetSha256))}\"><code>{E(Short(r.DatasetSha256))}</code></a></td>")
             .Append(I, $"<td class=\"{OutcomeClass(r.Outcome)}\">{r.Outcome}{(r.PublishedVersion is { } v ? $" (v{v})" : "")}</td><td>{E(r.Reason)}</td><td>{Time(r.StartedAt)}</td><td>{Duration(r.StartedAt, r.CompletedAt)}</td></tr>");
        }

        h.Append("</tbody></table><nav class=\"pager\" aria-label=\"Runs pages\">");
        var filter = outcome is null ? "" : $"outcome={outcome}&";
        if (page > 1)
        {
            h.Append(I, $"<a href=\"{E(PipelineUrl(pipeline))}?{filter}page={page - 1}#runs\" rel=\"prev\">Newer runs</a>");
        }

        if (page < pages)
        {
            h.Append(I, $"<a href=\"{E(PipelineUrl(pipeline))}?{filter}page={page + 1}#runs\" rel=\"next\">Older runs</a>");
        }

        h.Append("</nav>");
    }

    /// <summary>
    /// The datasets the pipeline's checks rejected, newest rejection first: from the run index (its data-rejected rows),
    /// so no read beyond the page's own, and rebuilt with it by <c>cd4ml dashboard reindex</c>.
    /// </summary>
    private static void QuarantinedDatasets(StringBuilder h, string pipeline, IReadOnlyList<RunRow> runs)
    {
        var rejected = runs.Where(r => r.Outcome == RunOutcome.DataRejected && DatasetPages.IsSha256(r.DatasetSha256))
            .GroupBy(r => r.DatasetSha256, StringComparer.Ordinal)
            .Select(g => (Sha256: g.Key, Runs: g.Count(), Last: g.MaxBy(r => r.CompletedAt ?? r.StartedAt)!))
            .OrderByDescending(d => d.Last.CompletedAt ?? d.Last.StartedAt)
            .ToList();
        if (rejected.Count == 0)
        {
            return;
        }

        h.Append("<h2 id=\"quarantined\">Quarantined datasets</h2><table><caption>Datasets the checks rejected, newest first</caption><thead><tr>")
         .Append("<th scope=\"col\">dataset</th><th scope=\"col\">rejections</th><th scope=\"col\">last</th><th scope=\"col\">reason</th><th scope=\"col\">report</th></tr></thead><tbody>");
        foreach (var (sha256, count, last) in rejected.Take(PageSize))
        {
            h.Append(I, $"<tr><td><a href=\"{E(DatasetUrl(pipeline, sha256))}\"><code>{E(Short(sha256))}</code></a></td><td class=\"num\">{count}</td>")
             .Append(I, $"<td>{Time(last.CompletedAt ?? last.StartedAt)}</td><td>{E(last.Reason)}</td>")
             .Append(I, $"<td><a href=\"{E(QuarantineReportUrl(pipeline, sha256, last.RunId))}\">report.html</a></td></tr>");
        }

        h.Append("</tbody></table>");
        if (rejected.Count > PageSize)
        {
            h.Append(I, $"<p class=\"muted\">{rejected.Count - PageSize} older ones: filter the runs by outcome DataRejected.</p>");
        }
    }

    private static void AliasTimeline(StringBuilder h, HttpRequest request, IReadOnlyList<AuditEntry> oldestFirst)
    {
        h.Append("<h2 id=\"aliases\">Alias timeline</h2>")
         .Append("<form class=\"inline\" method=\"get\" action=\"#aliases\"><label>Champion at (UTC)<input name=\"at\" type=\"datetime-local\" step=\"1\" required")
         .Append(request.Query["at"].FirstOrDefault() is { } raw ? $" value=\"{E(raw)}\"" : "").Append("></label><button type=\"submit\">Show</button></form>");
        if (request.Query["at"].FirstOrDefault() is { } text && DeliveryMetricsReader.TryParseSince(text, out var at))
        {
            var version = Core.Registry.AliasTimeline.VersionAt(oldestFirst, ModelRegistry.Champion, at);
            h.Append(I, $"<p role=\"status\">At {Time(at)} the champion was <strong>{(version is { } v ? $"v{v}" : "no version")}</strong>.</p>");
        }

        h.Append("<table><caption>Every alias move and decision, newest first</caption><thead><tr><th scope=\"col\">when</th><th scope=\"col\">action</th><th scope=\"col\">alias</th>")
         .Append("<th scope=\"col\">version</th><th scope=\"col\">previous</th><th scope=\"col\">by</th><th scope=\"col\">reason</th></tr></thead><tbody>");
        foreach (var e in oldestFirst.Reverse())
        {
            h.Append(I, $"<tr><td>{Time(e.At)}</td><td>{E(e.Action)}</td><td>{E(e.Alias)}</td><td>{(e.Version is { } v ? $"v{v}" : "")}</td><td>{(e.Previous is { } p ? $"v{p}" : "")}</td>")
             .Append(I, $"<td>{E(e.By)}</td><td>{E(e.Reason)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void ApprovalForm(StringBuilder h, string runId)
    {
        h.Append("<section aria-labelledby=\"approval\"><h2 id=\"approval\">Waiting for approval</h2>")
         .Append(I, $"<form data-answer=\"/api/runs/{E(U(runId))}\" method=\"post\" action=\"#\">")
         .Append("<p><label>Your name<input name=\"by\" autocomplete=\"name\" required maxlength=\"200\"></label></p>")
         .Append("<p><label>Reason<textarea name=\"comment\" required maxlength=\"1000\" rows=\"3\" cols=\"60\"></textarea></label></p>")
         .Append("<p><button type=\"submit\" name=\"answer\" value=\"approve\" class=\"primary\">Approve</button> ")
         .Append("<button type=\"submit\" name=\"answer\" value=\"reject\" class=\"danger\">Reject</button></p>")
         .Append("<p role=\"status\" aria-live=\"polite\"></p>")
         .Append("<noscript><p>Answering needs JavaScript, or: <code>cd4ml runs approve|reject RUN --by NAME -m REASON</code>.</p></noscript></form></section>");
    }

    private static void Checks(StringBuilder h, IReadOnlyList<CheckResult> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        h.Append("<h2>Checks</h2><table><caption>Data checks</caption><thead><tr><th scope=\"col\">status</th><th scope=\"col\">check</th><th scope=\"col\">observed</th><th scope=\"col\">threshold</th><th scope=\"col\">message</th></tr></thead><tbody>");
        foreach (var c in checks)
        {
            h.Append(I, $"<tr><td class=\"{c.Status.ToString().ToLowerInvariant()}\">{c.Status}</td><td>{E(c.Column is null ? c.Name : $"{c.Name} ({c.Column})")}</td>")
             .Append(I, $"<td>{E(c.Observed)}</td><td>{E(c.Threshold)}</td><td>{E(c.Message)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void Candidates(StringBuilder h, RunRecord report)
    {
        if (report.Candidates.Count == 0)
        {
            return;
        }

        var metrics = report.Candidates.SelectMany(c => c.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        h.Append("<h2>Candidates</h2><table><caption>Candidates on the holdout").Append(report.Champion is null ? "" : ", and the champion").Append("</caption><thead><tr><th scope=\"col\">candidate</th><th scope=\"col\">trainer</th>");
        foreach (var m in metrics)
        {
            h.Append(I, $"<th scope=\"col\">{E(m)}</th>");
        }

        // Several candidates: the primary metric each was selected on (validation rows of the training part), beside the holdout's.
        var ranking = report.Decision?.Ranking?.Where(r => r.SelectionSource is not null).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var selected = ranking is { Count: > 0 } ? ranking.Values.First().SelectionSource : null;
        var thresholds = report.Candidates.Any(c => c.DecisionThreshold is not null);
        if (selected is not null)
        {
            h.Append(I, $"<th scope=\"col\">primary metric on {E(selected)}</th>");
        }

        if (thresholds)
        {
            h.Append("<th scope=\"col\">decision threshold</th>");
        }

        h.Append("<th scope=\"col\">seconds</th><th scope=\"col\">problem</th></tr></thead><tbody>");
        foreach (var c in report.Candidates)
        {
            var winner = c.Id == report.Decision?.WinnerId;
            h.Append(I, $"<tr><td>{E(c.Id)}{(winner ? " <strong>(winner)</strong>" : "")}</td><td>{E(c.Trainer)}</td>");
            foreach (var m in metrics)
            {
                h.Append(I, $"<td class=\"num\">{Number(c.Metrics.TryGetValue(m, out var v) ? v : null)}</td>");
            }

            if (selected is not null)
            {
                h.Append(I, $"<td class=\"num\">{Number(ranking!.TryGetValue(c.Id, out var r) ? r.Selection : null)}</td>");
            }

            if (thresholds)
            {
                h.Append(I, $"<td>{E(c.DecisionThreshold?.ToString())}</td>");
            }

            h.Append(I, $"<td class=\"num\">{c.TrainingSeconds:0.0}</td><td>{E(c.Problem)}</td></tr>");
        }

        if (report.Champion is { } champion)
        {
            h.Append(I, $"<tr><td>champion v{champion.Version}</td><td></td>");
            foreach (var m in metrics)
            {
                h.Append(I, $"<td class=\"num\">{Number(champion.Metrics.TryGetValue(m, out var v) ? v : null)}</td>");
            }

            // The champion was not selected nor re-thresholded by this run: its extra cells stay empty.
            h.Append(string.Concat(Enumerable.Repeat("<td></td>", (selected is null ? 0 : 1) + (thresholds ? 1 : 0))));
            h.Append(I, $"<td></td><td>{E(champion.Problem)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void Gates(StringBuilder h, IReadOnlyList<Core.Promotion.GateResult> gates)
    {
        if (gates.Count == 0)
        {
            return;
        }

        h.Append("<h2>Decision, gate by gate</h2><table><caption>Promotion gates in order</caption><thead><tr><th scope=\"col\">gate</th><th scope=\"col\">passed</th><th scope=\"col\">observed</th><th scope=\"col\">threshold</th><th scope=\"col\">reason</th></tr></thead><tbody>");
        foreach (var g in gates)
        {
            h.Append(I, $"<tr><td>{E(g.Gate)}</td><td class=\"{(g.Passed ? "pass" : "fail")}\">{(g.Passed ? "yes" : "no")}</td><td>{E(g.Observed)}</td><td>{E(g.Threshold)}</td><td>{E(g.Reason)}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static void Fairness(StringBuilder h, IReadOnlyList<Core.Promotion.FairnessGroup>? groups)
    {
        if (groups is not { Count: > 0 })
        {
            return;
        }

        h.Append("<h2>Fairness</h2><table><caption>The winner's rates per group</caption><thead><tr><th scope=\"col\">column</th><th scope=\"col\">group</th><th scope=\"col\">rows</th><th scope=\"col\">selection rate</th><th scope=\"col\">true positive rate</th><th scope=\"col\">error rate</th><th scope=\"col\">gated</th></tr></thead><tbody>");
        foreach (var g in groups)
        {
            h.Append(I, $"<tr><td>{E(g.Column)}</td><td>{E(g.Group)}</td><td class=\"num\">{g.Rows:N0}</td><td class=\"num\">{Number(g.SelectionRate)}</td><td class=\"num\">{Number(g.TruePositiveRate)}</td><td class=\"num\">{Number(g.ErrorRate)}</td><td>{(g.Gated ? "yes" : "no")}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    private static string OutcomeClass(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Promoted => "pass",
        RunOutcome.ChampionKept or RunOutcome.AlreadyRan => "muted",
        RunOutcome.Expired or RunOutcome.Rejected => "warn",
        _ => "fail",
    };

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    /// <summary>A dataset's SHA-256, linked to its profile page when it is one.</summary>
    private static string DatasetLink(string pipeline, string sha256) =>
        DatasetPages.IsSha256(sha256) ? $"<a href=\"{E(DatasetUrl(pipeline, sha256))}\"><code>{E(sha256)}</code></a>" : $"<code>{E(sha256)}</code>";

    private static IResult NotFound(string message) =>
        Result(Page("Not found", [], $"<p role=\"alert\">{E(message)}</p>"), StatusCodes.Status404NotFound);
}
