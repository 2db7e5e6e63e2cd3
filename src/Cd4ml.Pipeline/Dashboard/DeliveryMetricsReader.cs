using System.Globalization;
using Cd4ml.Core.Metrics;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Triggers;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>The delivery measures of every pipeline asked for, and of all of them together, over one window.</summary>
public sealed record DeliveryMetricsReport(DateTimeOffset Since, DateTimeOffset Until, DeliveryMetrics Overall, IReadOnlyList<DeliveryMetrics> Pipelines);

/// <summary>
/// Reads what the delivery measures need: each pipeline's audit log (one read) and when the change behind each run
/// that became champion in the window arrived (from the pipeline's run index, one read; a run report's start only for
/// a run the index does not know).
/// </summary>
public sealed class DeliveryMetricsReader(
    ModelRegistry registry, RunReportStore reports, PipelineSpecStore specs, DashboardIndexStore index, TimeProvider time, Monitoring.MonitoringStore monitoring)
{
    /// <summary>The window when none is given: the last 30 days.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    /// <summary>Parses a <c>--since</c> / <c>?since=</c> value: an ISO 8601 date (UTC midnight) or date and time.</summary>
    public static bool TryParseSince(string? text, out DateTimeOffset since)
    {
        since = default;
        return !string.IsNullOrWhiteSpace(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out since);
    }

    /// <param name="pipeline">One pipeline, or null for every stored pipeline.</param>
    /// <param name="since">The window's start; null for <see cref="DefaultWindow"/> before now.</param>
    /// <param name="ct">Cancels the reads.</param>
    public async Task<DeliveryMetricsReport> ReadAsync(string? pipeline, DateTimeOffset? since, CancellationToken ct = default)
    {
        var until = time.GetUtcNow();
        var from = since ?? until - DefaultWindow;
        if (from >= until)
        {
            throw new ArgumentException($"since ({from:u}) must be before now ({until:u})", nameof(since));
        }

        IReadOnlyList<string> names = pipeline is null ? await specs.ListAsync(ct).ConfigureAwait(false) : [PipelineNames.IsValid(pipeline) ? pipeline : throw new ArgumentException($"'{pipeline}' is not a pipeline name: {PipelineNames.Rule}", nameof(pipeline))];
        var histories = new List<DeliveryHistory>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            histories.Add(await HistoryAsync(name, from, ct).ConfigureAwait(false));
        }

        return new DeliveryMetricsReport(from, until, DeliveryMetricsCalculator.Overall(histories, from, until),
            [.. histories.Select(h => DeliveryMetricsCalculator.ForPipeline(h, from, until))]);
    }

    /// <summary>One pipeline's audit log, and when the change behind every run promoted to champion in the window arrived.</summary>
    public async Task<DeliveryHistory> HistoryAsync(string pipeline, DateTimeOffset since, CancellationToken ct = default)
    {
        var audit = await registry.ReadAuditAsync(pipeline, ct).ConfigureAwait(false);
        var promoted = audit.Where(e => e.Alias == DeliveryMetricsCalculator.Alias && e.Action == AuditActions.Promote && e.At >= since)
            .Select(e => e.RunId).Distinct(StringComparer.Ordinal).ToList();
        var starts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var rows = promoted.Count == 0
            ? []
            : (await index.RunsAsync(pipeline, ct).ConfigureAwait(false)).ToDictionary(r => r.RunId, StringComparer.Ordinal);
        foreach (var runId in promoted)
        {
            if (rows.TryGetValue(runId, out var row))
            {
                starts[runId] = row.ChangedAt;
            }
            else if (await reports.ReadAsync(pipeline, runId, ct).ConfigureAwait(false) is { } report)
            {
                starts[runId] = report.StartedAt;
            }
        }

        var incidents = (await monitoring.ListIncidentsAsync(pipeline, ct).ConfigureAwait(false))
            .Select(i => new IncidentSpan(i.Incident.ModelVersion, i.Incident.OpenedAt, i.Incident.ClosedAt)).ToList();
        return new DeliveryHistory(pipeline, audit, starts, incidents);
    }
}
