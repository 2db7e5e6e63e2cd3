using System.Collections.Concurrent;
using System.Diagnostics;
using Cd4ml.Pipeline.Telemetry;

namespace Cd4ml.Benchmarks.Training.Candidates;

/// <summary>
/// One execution of an activity as its span saw it: when it started, how long it took, and the process's total CPU
/// seconds at its start and end (so CPU over a stage ÷ its wall time says how many cores the process really had).
/// </summary>
internal sealed record ActivityTiming(string RunId, DateTime StartUtc, double Seconds, double ProcessCpuAtStart, double ProcessCpuAtEnd)
{
    public DateTime EndUtc => StartUtc.AddSeconds(Seconds);
}

/// <summary>
/// Listens to the pipeline's own spans (one per activity execution, see <c>ActivitySpans</c>) and keeps those of one
/// activity, so the benchmark measures exactly what the worker ran, with no hooks in the pipeline.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private const string CpuAtStart = "cd4ml.benchmark.cpu_at_start";
    private readonly ConcurrentQueue<ActivityTiming> _timings = new();

    public SpanRecorder(string activityName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = span =>
            {
                if (span.OperationName == activityName)
                {
                    span.SetCustomProperty(CpuAtStart, ProcessCpuSeconds());
                }
            },
            ActivityStopped = span =>
            {
                if (span.OperationName == activityName)
                {
                    _timings.Enqueue(new ActivityTiming(span.GetTagItem(TagNames.RunId) as string ?? "", span.StartTimeUtc, span.Duration.TotalSeconds,
                        span.GetCustomProperty(CpuAtStart) as double? ?? double.NaN, ProcessCpuSeconds()));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<ActivityTiming> Of(string runId) => _timings.Where(t => t.RunId == runId).OrderBy(t => t.StartUtc).ToList();

    public void Dispose() => _listener.Dispose();

    public static double ProcessCpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }
}
