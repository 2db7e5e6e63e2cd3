using System.Diagnostics;
using System.Globalization;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Telemetry;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// The dashboard's budget (benchmarks/RESULTS.md): with 500 runs and 100 versions in one pipeline, the overview and the
/// pipeline page answer in under 300 ms and weigh under 200 KB, served by <c>cd4ml serve</c> on Azurite.
/// </summary>
public sealed class DashboardBenchmarkTests
{
    private const int Runs = 500;
    private const int Versions = 100;

    [Fact]
    public async Task Overview_and_pipeline_pages_of_500_runs_and_100_versions_answer_in_300_ms_and_weigh_under_200_KB()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("bench");
        var registry = new ModelRegistry(storage.Client);
        var reports = new RunReportStore(storage.Client);
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        var versions = await RegistrySeed.PublishManyAsync(registry, pipeline, Versions);
        foreach (var v in versions.Where(v => v.Version % 5 == 0))
        {
            await registry.PromoteAsync(pipeline, ModelRegistry.Champion, v.Version, "pipeline", "better");
        }

        var outcomes = Enum.GetValues<RunOutcome>();
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        await Parallel.ForEachAsync(Enumerable.Range(1, Runs), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var manifest = versions[(i - 1) % Versions];
            await reports.WriteAsync(new RunRecord
            {
                RunId = i <= Versions ? manifest.RunId : $"{pipeline}-{i:x12}-bench",
                Pipeline = pipeline,
                Outcome = i <= Versions ? RunOutcome.Promoted : outcomes[i % outcomes.Length],
                Message = $"run {i} of the benchmark",
                Trigger = manifest.Trigger,
                Dataset = manifest.Dataset,
                SpecHash = manifest.SpecHash,
                StartedAt = start.AddMinutes(i * 50),
                CompletedAt = start.AddMinutes(i * 50 + 3),
            }, ct);
        });
        var index = new DashboardIndexStore(storage.Client, reports, registry, new RunArrivals(storage.Client, new DeliveryLedger(storage.Client)));
        var rebuild = Stopwatch.StartNew();
        var rebuilt = await index.RebuildAsync(pipeline);
        rebuild.Stop();
        Assert.Equal((Runs, Versions), (rebuilt.Runs.Count, rebuilt.Versions.Count));

        var url = $"http://127.0.0.1:{LoopbackPort.Next()}";
        await using var app = ServeHost.Build(new ServeSettings(url, storage.ConnectionString));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var results = new List<(string Name, double Median, int Bytes)>();
        var lines = new List<string> { $"rebuild of the index from {Runs} reports and {Versions} manifests: {rebuild.ElapsedMilliseconds} ms" };
        try
        {
            foreach (var (name, path) in new[] { ("overview", "/api/dashboard"), ("pipeline", $"/api/dashboard/pipelines/{pipeline}"), ("pipeline page 20", $"/api/dashboard/pipelines/{pipeline}?page=20") })
            {
                var (median, max, bytes) = await MeasureAsync(http, path);
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: median {median:0} ms, max {max:0} ms of 9 requests, {bytes / 1024.0:0.0} KB"));
                results.Add((name, median, bytes));
            }

            lines.Add($"load average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown")}");
            foreach (var (name, median, bytes) in results)
            {
                Assert.True(bytes < 200 * 1024, $"{name} weighs {bytes} bytes");
                // Time depends on the machine: the budget is asserted where it is measured for the record (benchmarks/README.md).
                if (Environment.GetEnvironmentVariable("CD4ML_BENCHMARK_TIME_BUDGET") == "1")
                {
                    Assert.True(median < 300, $"{name} took {median:0} ms (median)");
                }
            }
        }
        finally
        {
            await app.StopAsync();
            Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "dashboard"));
            await File.WriteAllLinesAsync(Path.Combine(RepoPaths.Root, "artifacts", "dashboard", "benchmark.txt"), lines);
        }
    }

    /// <summary>One warm-up request, then nine timed ones (time to the last byte, as a client sees it on loopback).</summary>
    private static async Task<(double Median, double Max, int Bytes)> MeasureAsync(HttpClient http, string path)
    {
        var body = await http.GetStringAsync(path);
        var times = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            body = await http.GetStringAsync(path);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[4], times[^1], System.Text.Encoding.UTF8.GetByteCount(body));
    }
}
