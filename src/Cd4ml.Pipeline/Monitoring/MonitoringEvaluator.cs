using System.Globalization;
using System.Text;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// One evaluation of a pipeline's champion on live data: joins feedback to predictions, cuts windows, measures the
/// metrics, fairness and drift of each, opens or closes incidents (with their action and event) and writes the report.
/// Everything is recomputed from storage, and a window opens its incident once (a claim blob), so evaluating again
/// changes nothing but the report's time.
/// </summary>
public sealed partial class MonitoringEvaluator(
    MonitoringStore store,
    PipelineSpecStore specs,
    ModelRegistry registry,
    ProfileStore profiles,
    IncidentActions actions,
    TimeProvider time,
    ILogger<MonitoringEvaluator> logger)
{
    /// <summary>The report, or null when the pipeline has no spec, no monitoring section or no champion.</summary>
    public async Task<MonitoringReport?> EvaluateAsync(string pipeline, CancellationToken ct = default)
    {
        var spec = await specs.GetAsync(pipeline, ct).ConfigureAwait(false);
        if (spec?.Monitoring is not { } monitoring)
        {
            return null;
        }

        var (alias, _) = await registry.GetAliasAsync(pipeline, ModelRegistry.Champion, ct).ConfigureAwait(false);
        if (alias is null || await registry.GetManifestAsync(pipeline, alias.Version, ct).ConfigureAwait(false) is not { } manifest)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var problems = new List<string>();
        var scored = new List<ScoredRow>();
        var predictionFiles = await store.ReadPredictionsAsync(pipeline, problems, ct).ConfigureAwait(false);
        foreach (var (name, predictionsManifest, table) in predictionFiles)
        {
            var (rows, rowProblems) = PredictionsReader.Read(name, predictionsManifest, table);
            scored.AddRange(rows);
            problems.AddRange(rowProblems.Take(FeedbackJoin.SamplesPerKind).Select(p => p.ToString()));
        }

        var reference = await profiles.GetAsync(pipeline, manifest.Dataset.Sha256, ct).ConfigureAwait(false)
            ?? await profiles.ProfileSnapshotAsync(pipeline, manifest.Dataset.Sha256, ct).ConfigureAwait(false);
        var classes = predictionFiles.Select(p => p.Manifest.LabelClasses).FirstOrDefault(c => c is { Count: > 0 })
            ?? ProfileLabels.ValuesOf(reference, spec.Label);
        var positive = spec.PositiveClass ?? predictionFiles.Select(p => p.Manifest.PositiveClass).FirstOrDefault(c => c is not null);

        var feedback = await store.ReadFeedbackAsync(pipeline, problems, ct).ConfigureAwait(false);
        var (joined, counts) = FeedbackJoin.Join(scored, feedback, spec.Label, monitoring.IdColumn, spec.Task, classes);
        var champion = joined.Where(r => r.Scored.ModelVersion == alias.Version).ToList();
        var inputs = new ScoredInputs(store, monitoring.IdColumn, problems);
        var features = reference.Header.Where(c => c != spec.Label && c != monitoring.IdColumn && !spec.Exclude.Contains(c, StringComparer.Ordinal)).ToList();
        var fairness = LiveFairness.SpecFor(spec);

        var windows = new List<WindowReport>();
        var cut = LiveWindows.Cut(champion, monitoring.Window, now);
        foreach (var window in cut)
        {
            var rowInputs = await inputs.ForAsync(window.Rows, ct).ConfigureAwait(false);
            windows.Add(Judge(spec, monitoring, manifest, window, rowInputs, reference, features, classes, positive, fairness));
        }

        var incidents = await store.ListIncidentsAsync(pipeline, ct).ConfigureAwait(false);
        var verdicts = windows.Select((w, i) => new WindowVerdict(w.Id, i, w.Judged, w.Degraded, w.Reasons)).ToList();
        var plan = IncidentPolicy.Plan(verdicts, incidents.Select(i => i.Incident).ToList(), alias.Version, now, monitoring.Cooldown);
        foreach (var (incident, closedBy) in plan.Close)
        {
            var etag = incidents.First(i => i.Incident.Id == incident.Id).ETag;
            await store.WriteIncidentAsync(incident with { Status = IncidentStates.Closed, ClosedAt = now, ClosedBy = closedBy }, etag, ct).ConfigureAwait(false);
            Log.IncidentClosed(logger, pipeline, incident.Id, closedBy);
        }

        if (plan.Open is { } degraded)
        {
            await OpenAsync(spec, monitoring, manifest, degraded, cut[degraded.Index].Rows, inputs, now, ct).ConfigureAwait(false);
        }

        var report = new MonitoringReport
        {
            Pipeline = pipeline,
            EvaluatedAt = now,
            ChampionVersion = alias.Version,
            Policy = PolicyText(spec, monitoring),
            Join = counts,
            PredictionProblems = problems,
            RowsOfOtherVersions = joined.Count - champion.Count,
            Windows = windows,
            Incidents = (await store.ListIncidentsAsync(pipeline, ct).ConfigureAwait(false)).Select(i => i.Incident).ToList(),
            Note = plan.OpenBlockedBecause,
        };
        await store.WriteReportAsync(report, ct).ConfigureAwait(false);
        return report;
    }

    private async Task OpenAsync(
        PipelineSpec spec, MonitoringSpec monitoring, ModelManifest manifest, WindowVerdict window, IReadOnlyList<LabelledRow> rows,
        ScoredInputs inputs, DateTimeOffset now, CancellationToken ct)
    {
        // The claim is made before anything else, so a window opens one incident even when evaluations race or one
        // stops half-way: a later evaluation finishes the claimed incident (same id and time) instead of opening another.
        var claim = await store.ClaimAsync(spec.Name, manifest.Version, window.Window, new IncidentClaim(Incident.IdFor(now, manifest.Version), now), ct)
            .ConfigureAwait(false);
        if (await store.IncidentExistsAsync(spec.Name, claim.Incident, ct).ConfigureAwait(false))
        {
            return;
        }

        var incident = new Incident
        {
            Id = claim.Incident,
            Pipeline = spec.Name,
            ModelVersion = manifest.Version,
            Window = window.Window,
            OpenedAt = claim.OpenedAt,
            Reasons = window.Reasons,
            Action = monitoring.OnDegraded,
        };
        var labelled = await inputs.ForAsync(rows, ct).ConfigureAwait(false);
        incident = incident with { ActionResult = await actions.RunAsync(spec, manifest, incident, rows, labelled, ct).ConfigureAwait(false) };
        if (!await store.WriteIncidentAsync(incident, null, ct).ConfigureAwait(false))
        {
            return; // a concurrent evaluation finished the same claim first, and announced it
        }

        await actions.AnnounceAsync(incident, ct).ConfigureAwait(false);
        Log.IncidentOpened(logger, spec.Name, incident.Id, window.Window, incident.Action, incident.ActionResult ?? "");
    }

    private static WindowReport Judge(
        PipelineSpec spec, MonitoringSpec monitoring, ModelManifest manifest, LiveWindow window, IReadOnlyList<IReadOnlyDictionary<string, string>?> inputs,
        DatasetProfile reference, List<string> features, IReadOnlyList<string> classes, string? positive, FairnessSpec? fairness)
    {
        var groups = fairness?.Columns.ToDictionary(c => c, c => inputs.Select(i => i is not null && i.TryGetValue(c, out var v) ? v : "").ToArray(), StringComparer.Ordinal);
        var predictions = LiveMetrics.ToPredictions(window.Rows, spec.Task, classes, positive, groups);
        var significance = spec.Promotion.Significance;
        var metrics = LiveMetrics.Evaluate(predictions, LiveMetrics.Limits(spec), manifest.Metrics, significance.Resamples, significance.Confidence,
            spec.Seed + (window.Index * 7919L));
        var fair = fairness is null ? [] : LiveFairness.Evaluate(fairness, spec.Task, manifest.Version, predictions);
        var drift = LiveDrift.Measure(reference, Profile(features, inputs), features, spec.Label,
            Profile([PredictionsReader.PredictionColumn], window.Rows.Select(r => (IReadOnlyDictionary<string, string>?)new Dictionary<string, string> { [PredictionsReader.PredictionColumn] = r.Scored.Prediction }).ToList()),
            monitoring.MaxDrift);

        var judged = window.Rows.Count >= monitoring.MinRows;
        var reasons = new List<string>();
        foreach (var m in metrics.Where(m => m.Breached))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"{m.Metric} dropped by {m.Drop:0.####} (interval {m.DropLower:0.####} to {m.DropUpper:0.####}) from {m.Promised:0.####} at promotion; the limit is {m.Limit:0.####}"));
        }

        reasons.AddRange(fair.Where(f => !f.Passed).Select(f => f.Reason));
        reasons.AddRange(drift.Where(d => d.Breached).Select(d => string.Create(CultureInfo.InvariantCulture,
            $"{(d.Column == PredictionsReader.PredictionColumn ? "prediction drift" : $"input drift of '{d.Column}'")}: {d.Measure} {d.Value:0.####} over the limit {monitoring.MaxDrift:0.####}")));
        if (!judged)
        {
            reasons.Insert(0, $"{window.Rows.Count} labelled rows, fewer than the {monitoring.MinRows} needed to judge");
        }

        return new WindowReport(window.Id, window.From, window.To, window.Rows.Count, window.Complete, judged,
            judged && (metrics.Any(m => m.Breached) || fair.Any(f => !f.Passed) || drift.Any(d => d.Breached)), reasons, metrics, fair, drift);
    }

    /// <summary>The profile of rows given by column name, through the same profiler as the training data's.</summary>
    private static DatasetProfile Profile(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>?> rows)
    {
        var csv = CsvTable.Write(columns, rows.Where(r => r is not null).Select(r => (IReadOnlyList<string>)columns.Select(c => r!.TryGetValue(c, out var v) ? v : "").ToList()));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return DatasetProfiler.Profile(stream);
    }

    private static string PolicyText(PipelineSpec spec, MonitoringSpec m) => string.Create(CultureInfo.InvariantCulture,
        $"Windows of {(m.Window.Rows is { } rows ? $"{rows} labelled rows" : Span(m.Window.Duration!.Value))}; judged from {m.MinRows} labelled rows; " +
        $"degraded when the interval of a metric's drop lies beyond its limit " +
        $"({string.Join(", ", LiveMetrics.Limits(spec).Select(l => $"{l.Key} {l.Value}"))}), drift over {m.MaxDrift}" +
        $"{(LiveFairness.SpecFor(spec) is { } f ? $", or a fairness gap over {f.MaxDisparity}" : "")}; on degradation: {m.OnDegraded}; cooldown {Span(m.Cooldown)}.");

    /// <summary>A duration as the spec writes it: 7d, 24h, 30m.</summary>
    private static string Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.Ticks % TimeSpan.TicksPerDay == 0 && span.TotalDays > 1 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays}d"),
        { TotalHours: >= 1 } when span.Ticks % TimeSpan.TicksPerHour == 0 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours}h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes}m"),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Monitoring of {Pipeline} opened incident {Incident} for window {Window}; action {Action}: {Result}")]
        public static partial void IncidentOpened(ILogger logger, string pipeline, string incident, string window, string action, string result);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Monitoring of {Pipeline} closed incident {Incident} ({ClosedBy})")]
        public static partial void IncidentClosed(ILogger logger, string pipeline, string incident, string closedBy);
    }
}
