using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cd4ml.Cli;
using Cd4ml.Pipeline.Telemetry;

namespace Cd4ml.Benchmarks.Training.Pipeline;

/// <summary>One activity execution as its span saw it.</summary>
internal sealed record SpanTiming(string Activity, DateTime StartUtc, double Seconds)
{
    public DateTime EndUtc => StartUtc.AddSeconds(Seconds);
}

/// <summary>A candidate of the run, from the run record: its activity's time, the final fit's, and its other steps' (seconds by name).</summary>
internal sealed record CandidateTiming(string Trainer, double Seconds, double FitSeconds, IReadOnlyDictionary<string, double> Steps);

/// <summary>
/// What one <c>cd4ml run</c> took. <see cref="ProcessSeconds"/> runs from this process's start (runtime start-up
/// included) to the command's return; <see cref="OverheadSeconds"/> is the part of the command's time in which none
/// of the computing activities (profile, checks, candidates, champion, decision, verification) was running: host
/// start-up, uploading the dataset, snapshotting, orchestration dispatch, publishing and reporting.
/// <see cref="ProcessCpuSeconds"/> is the CPU time of the whole process: on a shared machine wall time depends on what
/// else runs, CPU time much less.
/// </summary>
internal sealed record PipelineRunResult(
    string Data,
    string Outcome,
    double ProcessSeconds,
    double CommandSeconds,
    double PeakWorkingSetMiB,
    double ProcessCpuSeconds,
    double ComputeSeconds,
    double OverheadSeconds,
    double OverheadShare,
    double BeforeFirstActivitySeconds,
    IReadOnlyList<CandidateTiming> Candidates,
    IReadOnlyDictionary<string, double> ActivitySeconds,
    IReadOnlyList<SpanTiming> Spans,
    string? TrainingDataCacheMaxBytes,
    string LoadAverageStart,
    string LoadAverageEnd);

/// <summary>
/// Runs <c>cd4ml run --json</c> in this process, exactly as the CLI would (its own command tree and host), and listens
/// to the pipeline's spans (one per activity execution) for the per-stage breakdown.
/// </summary>
internal static class PipelineRunBenchmark
{
    // The activities that compute; the rest move data between storage and the orchestration.
    private static readonly HashSet<string> s_computing = new(StringComparer.Ordinal)
    {
        "ProfileDatasetActivity", "RunDataCheckActivity", "TrainCandidateActivity", "EvaluateChampionActivity", "DecidePromotionActivity",
        "VerifyCandidateActivity",
    };

    public static async Task<PipelineRunResult> RunAsync(string specPath, string dataPath)
    {
        var loadStart = File.ReadAllText("/proc/loadavg").Trim();
        var spans = new ConcurrentQueue<SpanTiming>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span => spans.Enqueue(new SpanTiming(span.OperationName, span.StartTimeUtc, span.Duration.TotalSeconds)),
        };
        ActivitySource.AddActivityListener(listener);

        using var process = Process.GetCurrentProcess();
        var processStart = process.StartTime.ToUniversalTime();
        var commandStart = DateTime.UtcNow;
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CliApp.RunAsync(["run", "--pipeline", FreshPipeline(specPath), "--data", dataPath, "--json"], output, Console.Error).ConfigureAwait(false);
        var commandEnd = DateTime.UtcNow;
        if (exit != 0 && output.ToString().Length == 0)
        {
            throw new InvalidOperationException($"cd4ml run exited {exit} without a run record");
        }

        using var record = JsonDocument.Parse(output.ToString());
        var root = record.RootElement;
        var candidates = root.GetProperty("candidates").EnumerateArray().Select(c => new CandidateTiming(
            c.GetProperty("trainer").GetString() ?? "",
            (c.GetProperty("endedAt").GetDateTimeOffset() - c.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds,
            c.GetProperty("trainingSeconds").GetDouble(),
            c.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Object
                ? steps.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
                : new Dictionary<string, double>())).ToList();

        var all = spans.OrderBy(s => s.StartUtc).ToList();
        var compute = Union(all.Where(s => s_computing.Contains(s.Activity)));
        var commandSeconds = (commandEnd - commandStart).TotalSeconds;
        var processSeconds = (commandEnd - processStart).TotalSeconds;
        var overhead = processSeconds - compute;
        return new PipelineRunResult(
            Path.GetFileName(dataPath),
            root.GetProperty("outcome").ToString(),
            processSeconds,
            commandSeconds,
            PeakWorkingSetMiB(),
            CpuSeconds(),
            compute,
            overhead,
            overhead / processSeconds,
            all.Count == 0 ? double.NaN : (all[0].StartUtc - processStart).TotalSeconds,
            candidates,
            all.GroupBy(s => s.Activity).ToDictionary(g => g.Key, g => g.Sum(s => s.Seconds), StringComparer.Ordinal),
            all,
            Environment.GetEnvironmentVariable("Cd4ml__TrainingDataCacheMaxBytes"),
            loadStart,
            File.ReadAllText("/proc/loadavg").Trim());
    }

    /// <summary>
    /// The spec under a new pipeline name (its name plus the time), in a temporary file: the same data and spec again
    /// would be recognised as a run already made, and a new pipeline also has no champion, like the first run of one.
    /// </summary>
    private static string FreshPipeline(string specPath)
    {
        var spec = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(specPath))!.AsObject();
        spec["name"] = $"{spec["name"]}-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var path = Path.Combine(Path.GetTempPath(), $"{spec["name"]}.json");
        File.WriteAllText(path, spec.ToJsonString());
        return path;
    }

    /// <summary>Seconds covered by at least one of the spans.</summary>
    private static double Union(IEnumerable<SpanTiming> spans)
    {
        var total = 0.0;
        DateTime? from = null, to = null;
        foreach (var span in spans.OrderBy(s => s.StartUtc))
        {
            if (to is null || span.StartUtc > to)
            {
                total += to is null ? 0 : (to.Value - from!.Value).TotalSeconds;
                (from, to) = (span.StartUtc, span.EndUtc);
            }
            else if (span.EndUtc > to)
            {
                to = span.EndUtc;
            }
        }

        return total + (to is null ? 0 : (to.Value - from!.Value).TotalSeconds);
    }

    // All threads, user and kernel, since the process started: what the run cost whatever else the machine was doing.
    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    // The kernel's high-water mark of this process's resident memory (what /usr/bin/time reports as maximum resident set size).
    private static double PeakWorkingSetMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }
}
