using System.Globalization;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
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
        var predictionFiles = await store.ListPredictionsAsync(pipeline, problems, ct).ConfigureAwait(false);
        var reference = await profiles.GetAsync(pipeline, manifest.Dataset.Sha256, ct).ConfigureAwait(false)
            ?? await profiles.ProfileSnapshotAsync(pipeline, manifest.Dataset.Sha256, ct).ConfigureAwait(false);
        var classes = predictionFiles.Select(p => p.Manifest.LabelClasses).FirstOrDefault(c => c is { Count: > 0 })
            ?? ProfileLabels.ValuesOf(reference, spec.Label);
        var positive = spec.PositiveClass ?? predictionFiles.Select(p => p.Manifest.PositiveClass).FirstOrDefault(c => c is not null);
        var features = reference.Header.Where(c => c != spec.Label && c != monitoring.IdColumn && !spec.Exclude.Contains(c, StringComparer.Ordinal)).ToList();
        var columns = LiveDrift.Columns(reference, features, spec.Label);
        var training = await TrainingCountsAsync(manifest, columns, problems, ct).ConfigureAwait(false);

        // Feedback first (its labels are held), then every scored row streams past them once.
        var labels = new FeedbackLabels(spec.Label, monitoring.IdColumn, spec.Task, classes);
        foreach (var (name, blob, _) in await store.ListFeedbackAsync(pipeline, problems, ct).ConfigureAwait(false))
        {
            if (await store.OpenAsync(Containers.Feedback, blob, ct).ConfigureAwait(false) is { } stream)
            {
                using var records = new CsvRecordReader(stream);
                labels.Add(name, $"{Containers.Feedback}/{blob}", CsvTable.ReadHeader(records), CsvTable.Stream(records));
            }
        }

        var live = new LiveRows(store, monitoring, alias.Version, columns, labels, problems);
        var sources = predictionFiles.Select(p => new LiveRows.Source(p.Name, Containers.Predictions, MonitoringStore.PredictionsBlob(pipeline, p.Name), p.Manifest, Online: false))
            .Concat((await store.ListOnlineSamplesAsync(pipeline, ct).ConfigureAwait(false)).Select(o => new LiveRows.Source(o.Name, Containers.Monitoring, o.Blob,
                OnlineManifest(pipeline, o.Blob, o.ScoredAt, monitoring.IdColumn), Online: true)));
        await live.ReadAsync(sources, ct).ConfigureAwait(false);
        var counts = labels.Counts();
        var joined = labels.Joined().ToList();
        var fairness = LiveFairness.SpecFor(spec);

        var cut = live.Windows(joined, now);
        var windows = cut.Select(w => Judge(spec, monitoring, manifest, w.Window, [.. w.Window.Rows.Select(live.InputsOf)], training, w.Drift, classes, positive, fairness)).ToList();

        var incidents = await store.ListIncidentsAsync(pipeline, ct).ConfigureAwait(false);
        var verdicts = windows.Select((w, i) => new WindowVerdict(w.Id, i, w.Judged, w.Degraded, w.Reasons, w.MetricsJudged)).ToList();
        var plan = IncidentPolicy.Plan(verdicts, incidents.Select(i => i.Incident).ToList(), alias.Version, now, monitoring.Cooldown);
        foreach (var (incident, closedBy) in plan.Close)
        {
            var etag = incidents.First(i => i.Incident.Id == incident.Id).ETag;
            await store.WriteIncidentAsync(incident with { Status = IncidentStates.Closed, ClosedAt = now, ClosedBy = closedBy }, etag, ct).ConfigureAwait(false);
            Log.IncidentClosed(logger, pipeline, incident.Id, closedBy);
        }

        if (plan.Open is { } degraded)
        {
            var rows = cut[degraded.Index].Window.Rows;
            await OpenAsync(spec, monitoring, manifest, degraded, rows, [.. rows.Select(live.InputsOf)], now, ct).ConfigureAwait(false);
        }

        var report = new MonitoringReport
        {
            Pipeline = pipeline,
            EvaluatedAt = now,
            ChampionVersion = alias.Version,
            Policy = PolicyText(spec, monitoring),
            Join = counts,
            PredictionProblems = problems,
            RowsOfOtherVersions = joined.Count(r => r.Scored.ModelVersion != alias.Version),
            Windows = windows,
            Incidents = (await store.ListIncidentsAsync(pipeline, ct).ConfigureAwait(false)).Select(i => i.Incident).ToList(),
            Note = plan.OpenBlockedBecause,
        };
        await store.WriteReportAsync(report, ct).ConfigureAwait(false);
        return report;
    }

    private async Task OpenAsync(
        PipelineSpec spec, MonitoringSpec monitoring, ModelManifest manifest, WindowVerdict window, IReadOnlyList<LabelledRow> rows,
        IReadOnlyList<IReadOnlyDictionary<string, string>?> labelled, DateTimeOffset now, CancellationToken ct)
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
        DriftCounts? training, DriftCounts scored, IReadOnlyList<string> classes, string? positive, FairnessSpec? fairness)
    {
        // Metrics and fairness need labels; drift is label-free and is measured on every scored row of the window.
        IReadOnlyList<LiveMetric> metrics = [];
        IReadOnlyList<LiveFairnessResult> fair = [];
        if (window.Rows.Count > 0)
        {
            var groups = fairness?.Columns.ToDictionary(c => c, c => inputs.Select(i => i is not null && i.TryGetValue(c, out var v) ? v : "").ToArray(), StringComparer.Ordinal);
            var predictions = LiveMetrics.ToPredictions(window.Rows, spec.Task, classes, positive, groups);
            var significance = spec.Promotion.Significance;
            metrics = LiveMetrics.Evaluate(predictions, LiveMetrics.Limits(spec), manifest.Metrics, significance.Resamples, significance.Confidence,
                spec.Seed + (window.Index * 7919L));
            fair = fairness is null ? [] : LiveFairness.Evaluate(fairness, spec.Task, manifest.Version, predictions);
        }

        var drift = LiveDrift.Measure(training, scored, monitoring.MaxDrift);
        var metricsJudged = window.Rows.Count >= monitoring.MinRows;
        var driftJudged = window.Scored >= monitoring.MinRows;
        var reasons = new List<string>();
        if (metricsJudged)
        {
            foreach (var m in metrics.Where(m => m.Breached))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Metric} dropped by {m.Drop:0.####} (interval {m.DropLower:0.####} to {m.DropUpper:0.####}) from {m.Promised:0.####} at promotion; the limit is {m.Limit:0.####}"));
            }

            reasons.AddRange(fair.Where(f => !f.Passed).Select(f => f.Reason));
        }
        else
        {
            reasons.Add($"{window.Rows.Count} labelled rows, fewer than the {monitoring.MinRows} needed to judge the live metrics");
        }

        if (driftJudged)
        {
            reasons.AddRange(drift.Where(d => d.Breached).Select(d => string.Create(CultureInfo.InvariantCulture,
                $"{(d.Column == PredictionsReader.PredictionColumn ? "prediction drift" : $"input drift of '{d.Column}'")}: {d.Measure} {d.Value:0.####} on {d.Rows} rows, over the limit {monitoring.MaxDrift:0.####} and the noise level {d.NoiseLevel:0.####}")));
        }
        else
        {
            reasons.Add($"{window.Scored} scored rows, fewer than the {monitoring.MinRows} needed to judge drift");
        }

        var degraded = (metricsJudged && (metrics.Any(m => m.Breached) || fair.Any(f => !f.Passed))) || (driftJudged && drift.Any(d => d.Breached));
        return new WindowReport(window.Id, window.From, window.To, window.Rows.Count, window.Complete, metricsJudged || driftJudged, degraded, reasons, metrics, fair, drift)
        {
            Scored = window.Scored,
            MetricsJudged = metricsJudged,
        };
    }

    /// <summary>
    /// The champion's training rows binned like the windows, streamed from its snapshot, so both sides of every drift
    /// measure are exact counts; null (the profile's shares are used) when the snapshot cannot be read.
    /// </summary>
    private async Task<DriftCounts?> TrainingCountsAsync(ModelManifest manifest, IReadOnlyList<DriftColumn> columns, List<string> problems, CancellationToken ct)
    {
        var blob = SnapshotStore.SnapshotBlob(manifest.Pipeline, manifest.Dataset.Sha256);
        if (await store.OpenAsync(Containers.Snapshots, blob, ct).ConfigureAwait(false) is not { } stream)
        {
            problems.Add($"the training snapshot {Containers.Snapshots}/{blob} is missing: drift compares with its profile's shares");
            return null;
        }

        using var records = new CsvRecordReader(stream);
        var header = CsvTable.ReadHeader(records).Select((name, i) => (name, i)).GroupBy(c => c.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var counts = new DriftCounts(columns, ofTrainingData: true);
        foreach (var row in CsvTable.Stream(records))
        {
            counts.Add(c => header.TryGetValue(c, out var i) && i < row.Cells.Length ? row.Cells[i] : null);
        }

        return counts;
    }

    /// <summary>What an online sample says about itself: the predict route writes the id column (when the rows carry it), inputs, predictions and version.</summary>
    private static PredictionsManifest OnlineManifest(string pipeline, string blob, DateTimeOffset scoredAt, string? idColumn) => new()
    {
        Pipeline = pipeline,
        Source = $"{Containers.Monitoring}/{blob}",
        SourceETag = "",
        InputSha256 = "",
        InputBlob = $"{Containers.Monitoring}/{blob}",
        IdColumn = idColumn,
        Rows = 0,
        ScoredAt = scoredAt,
        Versions = [],
    };

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
