using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Cd4ml.Core.Training.Loading;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace Cd4ml.Benchmarks.Training.Candidates;

/// <summary>
/// The candidate stage of <c>TrainingPipeline</c>, run by the real Durable Task worker (in-process test host) against a
/// private Azurite: one run with N equal candidates, and N runs with one candidate each. A candidate's time is the span
/// of its TrainCandidate activity (snapshot from the local cache, load, fit, evaluate, save, upload).
/// </summary>
/// <remarks>
/// <paramref name="trainers"/> holds one trainer per candidate (a mixed set, or N times the same one); single run i trains
/// candidate i alone. Every run starts with the in-memory training data dropped, as a run on a new snapshot does, so a
/// single run pays for reading the file and the stage pays for it once.
/// </remarks>
internal sealed class CandidateStageBenchmark(string datasetPath, string label, string positiveClass, IReadOnlyList<string> trainers, string cacheDirectory)
{
    private int Candidates => trainers.Count;

    private const int Seed = 42;

    public async Task<CandidateStageResult> RunAsync(int repetitions)
    {
        using var storage = PrivateAzurite.Start();
        var host = await PipelineTestHost.StartAsync(storage, cacheDirectory).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            using var spans = new SpanRecorder(nameof(TrainCandidateActivity));

            // Compiles the code paths and fills the snapshot cache; not measured.
            await RunPipelineAsync(host, storage, spans, [.. trainers.Distinct()]).ConfigureAwait(false);

            var (singles, singlesCpu, fitsAlone) = (new List<double>(), new List<double>(), new List<double>());
            var (stages, stagesCpu, inStage, fitsInStage) = (new List<double>(), new List<double>(), new List<IReadOnlyList<double>>(), new List<IReadOnlyList<double>>());
            var mostAtOnce = 0;
            for (var r = 0; r < repetitions; r++)
            {
                for (var i = 0; i < Candidates; i++)
                {
                    var (alone, record) = await RunPipelineAsync(host, storage, spans, [trainers[i]]).ConfigureAwait(false);
                    singles.Add(alone.Single().Seconds);
                    singlesCpu.Add(alone.Single().ProcessCpuAtEnd - alone.Single().ProcessCpuAtStart);
                    fitsAlone.Add(record.Candidates.Single().TrainingSeconds);
                }

                var (together, run) = await RunPipelineAsync(host, storage, spans, trainers).ConfigureAwait(false);
                stages.Add((together.Max(t => t.EndUtc) - together.Min(t => t.StartUtc)).TotalSeconds);
                stagesCpu.Add(together.Max(t => t.ProcessCpuAtEnd) - together.Min(t => t.ProcessCpuAtStart));
                inStage.Add(together.Select(t => t.Seconds).ToList());
                fitsInStage.Add(run.Candidates.Select(c => c.TrainingSeconds).ToList());
                mostAtOnce = Math.Max(mostAtOnce, MostAtOnce(together));
            }

            return new CandidateStageResult(Path.GetFileNameWithoutExtension(datasetPath), string.Join('+', trainers), Candidates, repetitions,
                singles, singlesCpu, stages, stagesCpu, inStage, fitsInStage, fitsAlone, mostAtOnce, InProcess(), Concurrency(host), Environment.ProcessorCount);
        }
    }

    private async Task<(IReadOnlyList<ActivityTiming> Candidates, RunRecord Record)> RunPipelineAsync(
        PipelineTestHost host, AzuriteFixture storage, SpanRecorder spans, IReadOnlyList<string> runTrainers)
    {
        var count = runTrainers.Count;
        host.Get<SnapshotColumnsCache>().Clear();
        // A new pipeline per run: a run id derives from the dataset and spec, and a repeated one would not train again.
        var pipeline = Samples.UniquePipelineName("bench");
        var blob = $"{pipeline}/{Path.GetFileName(datasetPath)}";
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(blob).UploadAsync(datasetPath, overwrite: true).ConfigureAwait(false);

        var start = await host.Get<RunStarter>().StartAsync(host.Client, Spec(pipeline, runTrainers), blob, new RunTrigger("manual", "benchmark")).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, timeout.Token).ConfigureAwait(false);
        var record = completed.ReadOutputAs<RunRecord>()
            ?? throw new InvalidOperationException($"run {start.RunId} ended {completed.RuntimeStatus} without a record");
        if (record.Candidates.Count != count)
        {
            throw new InvalidOperationException($"run {start.RunId} ended {record.Outcome} with {record.Candidates.Count} of {count} candidates: {record.Message}");
        }

        var timings = spans.Of(start.RunId);
        return timings.Count == count
            ? (timings, record)
            : throw new InvalidOperationException($"run {start.RunId}: saw {timings.Count} TrainCandidate spans, expected {count}");
    }

    private PipelineSpec Spec(string pipeline, IReadOnlyList<string> runTrainers)
    {
        var spec = new JsonObject
        {
            ["name"] = pipeline,
            ["task"] = "binary-classification",
            ["label"] = label,
            ["positiveClass"] = positiveClass,
            ["testFraction"] = 0.2,
            ["seed"] = Seed,
            ["trainers"] = new JsonArray([.. runTrainers.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["promotion"] = new JsonObject { ["primaryMetric"] = BinaryMetricNames.Auc, ["minImprovement"] = 0 },
        };
        return PipelineSpecParser.Parse(spec.ToJsonString(), "benchmark spec");
    }

    /// <summary>What TrainCandidateActivity does between the snapshot cache and the blob upload, without the orchestration.</summary>
    private InProcessCandidates InProcess()
    {
        var spec = Spec("in-process", trainers);
        var profile = DatasetProfiler.Profile(datasetPath);

        // As TrainCandidateActivity: the candidates share the columns read once into memory.
        void TrainOne(SnapshotColumnsCache columns, int candidate)
        {
            var ml = new MLContext(Seed);
            var data = TrainingData.Load(ml, datasetPath, profile, spec, wanted => columns.GetOrRead("in-process", datasetPath, wanted));
            // Validation as in the stage: with several candidates each also fits on an inner split for selection.
            CandidateTrainer.Train(ml, data, spec.Trainers[candidate], Seed, ValidationPlan.For(spec, Candidates));
        }

        var once = new SnapshotColumnsCache();
        var sequential = Enumerable.Range(0, Candidates).Select(i => Time(() => TrainOne(once, i))).ToList();
        var shared = new SnapshotColumnsCache();
        var whenAll = Time(() => Task.WhenAll(Enumerable.Range(0, Candidates).Select(i => Task.Run(() => TrainOne(shared, i)))).GetAwaiter().GetResult());
        return new InProcessCandidates(sequential.Select(t => t.Seconds).ToList(), sequential.Sum(t => t.Seconds), sequential.Sum(t => t.Cpu),
            whenAll.Seconds, whenAll.Cpu);
    }

    private static ConcurrencySettings Concurrency(PipelineTestHost host)
    {
        var worker = host.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName);
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        var functions = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("maxConcurrentActivityFunctions").GetInt32();
        var sidecar = new InMemoryOrchestrationService().MaxConcurrentTaskActivityWorkItems;
        return new ConcurrencySettings(worker.Concurrency.MaximumConcurrentActivityWorkItems, sidecar, functions,
            string.Create(CultureInfo.InvariantCulture,
                $"the in-process host (tests, cd4ml CLI) runs at most min(worker {worker.Concurrency.MaximumConcurrentActivityWorkItems}, sidecar {sidecar} = processor count) activities at once; the Functions app at most {functions} per instance (host.json)"));
    }

    /// <summary>The largest number of spans running at the same instant.</summary>
    private static int MostAtOnce(IReadOnlyList<ActivityTiming> timings) =>
        timings.SelectMany(t => new[] { (At: t.StartUtc, Delta: 1), (At: t.EndUtc, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta)
            .Aggregate((Now: 0, Most: 0), (s, e) => (s.Now + e.Delta, Math.Max(s.Most, s.Now + e.Delta))).Most;

    private static (double Seconds, double Cpu) Time(Action action)
    {
        GC.Collect();
        var cpu = SpanRecorder.ProcessCpuSeconds();
        var stopwatch = Stopwatch.StartNew();
        action();
        return (stopwatch.Elapsed.TotalSeconds, SpanRecorder.ProcessCpuSeconds() - cpu);
    }
}
