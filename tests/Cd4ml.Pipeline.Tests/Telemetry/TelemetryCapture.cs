using System.Diagnostics;
using Cd4ml.Pipeline.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cd4ml.Pipeline.Tests.Telemetry;

/// <summary>
/// The <c>Cd4ml</c> spans and metrics through OpenTelemetry's in-memory exporters. The instruments are process-wide and
/// tests run in parallel, so readings are filtered by pipeline.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<Activity> _spans = [];
    private readonly MeterProvider _meters;
    private readonly TracerProvider _tracer;

    public TelemetryCapture()
    {
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(PipelineTelemetry.Name).AddInMemoryExporter(_metrics).Build();
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(PipelineTelemetry.Name).AddInMemoryExporter(_spans).Build();
    }

    /// <summary>The points of <paramref name="metric"/> whose <c>cd4ml.pipeline</c> tag is <paramref name="pipeline"/>, from the latest export.</summary>
    public IReadOnlyList<MetricPoint> Points(string metric, string pipeline)
    {
        _meters.ForceFlush();
        var latest = _metrics.LastOrDefault(m => m.Name == metric);
        return latest is null ? [] : [.. latest.MetricPoints.Where(p => Tag(p, TagNames.Pipeline) == pipeline)];
    }

    public IReadOnlyList<Activity> Spans(string pipeline)
    {
        _tracer.ForceFlush();
        lock (_spans)
        {
            return [.. _spans.Where(s => s.GetTagItem(TagNames.Pipeline) as string == pipeline)];
        }
    }

    public static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    public void Dispose()
    {
        _meters.Dispose();
        _tracer.Dispose();
    }
}
