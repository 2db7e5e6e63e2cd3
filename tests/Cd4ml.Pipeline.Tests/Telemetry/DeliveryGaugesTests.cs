using System.Diagnostics.Metrics;
using Cd4ml.Core.Metrics;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Telemetry;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests.Telemetry;

/// <summary>The delivery measures as observable gauges on the Cd4ml meter, one point per pipeline, from the last snapshot.</summary>
public sealed class DeliveryGaugesTests
{
    [Fact]
    public void Gauges_report_each_pipelines_measures_in_seconds_and_leave_out_measures_without_samples()
    {
        var (busy, idle) = (Samples.UniquePipelineName("gauge"), Samples.UniquePipelineName("gauge"));
        var until = DateTimeOffset.UtcNow;
        var since = until.AddDays(-30);
        DeliveryGauges.Publish(new DeliveryMetricsReport(since, until, Metrics(null, since, until, 0.5, 2.0),
        [
            Metrics(busy, since, until, 0.5, 2.0) with { ChangeFailureRate = 0.25, TimeToRestoreP50Hours = 1.5 },
            Metrics(idle, since, until, null, null) with { PromotionsPerWeek = 0, ChangeFailureRate = null },
        ]));

        var points = Collect();

        Assert.Equal(1800, points[("cd4ml.delivery.lead_time.p50", busy)]);
        Assert.Equal(7200, points[("cd4ml.delivery.lead_time.p90", busy)]);
        Assert.Equal(0.25, points[("cd4ml.delivery.change_failure_rate", busy)]);
        Assert.Equal(5400, points[("cd4ml.delivery.time_to_restore.p50", busy)]);
        Assert.Equal(1.75, points[("cd4ml.delivery.deployment_frequency", busy)]);
        Assert.Equal(0, points[("cd4ml.delivery.deployment_frequency", idle)]);
        Assert.False(points.ContainsKey(("cd4ml.delivery.lead_time.p50", idle)));
        Assert.False(points.ContainsKey(("cd4ml.delivery.change_failure_rate", idle)));
    }

    private static DeliveryMetrics Metrics(string? pipeline, DateTimeOffset since, DateTimeOffset until, double? p50, double? p90) =>
        new(pipeline, since, until, Promotions: 7, FailedPromotions: 1, Rollbacks: 1, PromotionsPerWeek: 1.75, ChangeFailureRate: null,
            LeadTimeSamples: p50 is null ? 0 : 7, LeadTimeP50Hours: p50, LeadTimeP90Hours: p90, RestoreSamples: 0, TimeToRestoreP50Hours: null, TimeToRestoreP90Hours: null);

    private static Dictionary<(string, string), double> Collect()
    {
        var points = new Dictionary<(string, string), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name && instrument.Name.StartsWith("cd4ml.delivery.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == TagNames.Pipeline)
                {
                    points[(instrument.Name, (string)tag.Value!)] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return points;
    }
}
