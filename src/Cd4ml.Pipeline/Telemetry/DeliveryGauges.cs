using System.Diagnostics.Metrics;
using Cd4ml.Core.Metrics;
using Cd4ml.Pipeline.Dashboard;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>
/// The delivery measures (docs/delivery-metrics.md) as observable gauges on the <c>Cd4ml</c> meter, one point per
/// pipeline (tag <c>pipeline</c>) over the default 30-day window. An exporter's collection must not wait for storage,
/// so the gauges report the last snapshot <see cref="DeliveryGaugeRefresher"/> read; a measure with no sample (no
/// promotion yet, nothing restored) is left out rather than reported as 0.
/// </summary>
public static class DeliveryGauges
{
    private static DeliveryMetricsReport? _latest;

    static DeliveryGauges()
    {
        PipelineTelemetry.Meter.CreateObservableGauge("cd4ml.delivery.lead_time.p50", () => Observe(m => m.LeadTimeP50Hours * 3600), "s",
            "Median lead time of the window's promotions: change arrival (dataset upload or commit) to champion.");
        PipelineTelemetry.Meter.CreateObservableGauge("cd4ml.delivery.lead_time.p90", () => Observe(m => m.LeadTimeP90Hours * 3600), "s",
            "90th percentile lead time of the window's promotions.");
        PipelineTelemetry.Meter.CreateObservableGauge("cd4ml.delivery.deployment_frequency", () => Observe(m => m.PromotionsPerWeek), "{promotion}/wk",
            "Champion promotions per week over the window.");
        PipelineTelemetry.Meter.CreateObservableGauge("cd4ml.delivery.change_failure_rate", () => Observe(m => m.ChangeFailureRate), "1",
            "Share of the window's promotions that failed (rolled back).");
        PipelineTelemetry.Meter.CreateObservableGauge("cd4ml.delivery.time_to_restore.p50", () => Observe(m => m.TimeToRestoreP50Hours * 3600), "s",
            "Median time from a failed promotion to the rollback that restored the previous champion.");
    }

    /// <summary>The snapshot the gauges report until the next one; its time is when it was read.</summary>
    public static DeliveryMetricsReport? Latest => Volatile.Read(ref _latest);

    /// <summary>Replaces the snapshot (and creates the gauges on first use).</summary>
    public static void Publish(DeliveryMetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Volatile.Write(ref _latest, report);
    }

    private static IEnumerable<Measurement<double>> Observe(Func<DeliveryMetrics, double?> value) =>
        Latest is not { } report ? [] :
        report.Pipelines.Select(m => (m.Pipeline, Value: value(m)))
            .Where(p => p.Pipeline is not null && p.Value is { } v && double.IsFinite(v))
            .Select(p => new Measurement<double>(p.Value!.Value, new KeyValuePair<string, object?>(TagNames.Pipeline, p.Pipeline)))
            .ToList();
}
