using System.Diagnostics;
using System.Text.Json.Nodes;
using Cd4ml.Benchmarks.Training.Candidates;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Search;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Benchmarks.Training.Search;

/// <summary>
/// A 16-point grid against successive halving over the same box of LightGbm parameters, each one run of the real
/// orchestration (in-process Durable worker, private Azurite, real ML.NET) on the same dataset, one after the other.
/// The training stage's wall time is the span from the first TrainCandidate's start to the last one's end; quality is
/// the selection metric (AUC on the inner validation split of the training part) of what each would send to the champion
/// comparison: the grid's best, and the search's last-rung candidate, both trained on every training row.
/// </summary>
internal sealed class SearchBenchmark(string datasetPath, string label, string positiveClass, string cacheDirectory)
{
    private const int Seed = 42;
    private static readonly double[] s_leaves = [8, 16, 32, 64];
    private static readonly double[] s_learningRates = [0.025, 0.05, 0.1, 0.2];

    public async Task<SearchBenchmarkResult> RunAsync(int maxCandidates, int eta)
    {
        using var storage = PrivateAzurite.Start();
        var host = await PipelineTestHost.StartAsync(storage, cacheDirectory).ConfigureAwait(false);
        await using (host.ConfigureAwait(false))
        {
            using var spans = new SpanRecorder(nameof(TrainCandidateActivity));

            // Compiles the code paths and fills the snapshot cache; not measured.
            var warmup = new JsonArray(new JsonObject { ["name"] = "LightGbm", ["parameters"] = new JsonObject { ["numberOfIterations"] = 10 } });
            await RunAsync(host, storage, spans, Spec("warmup", warmup, null)).ConfigureAwait(false);

            var grid = new JsonArray(new JsonObject
            {
                ["name"] = "LightGbm",
                ["parameters"] = new JsonObject { ["numberOfLeaves"] = Values(s_leaves), ["learningRate"] = Values(s_learningRates) },
            });
            var gridRun = await RunAsync(host, storage, spans, Spec("grid", grid, null)).ConfigureAwait(false);

            var box = new JsonArray(new JsonObject
            {
                ["name"] = "LightGbm",
                ["parameters"] = new JsonObject
                {
                    ["numberOfLeaves"] = Range(s_leaves[0], s_leaves[^1]),
                    ["learningRate"] = Range(s_learningRates[0], s_learningRates[^1]),
                },
            });
            var search = new JsonObject { ["strategy"] = SearchSpec.SuccessiveHalving, ["maxCandidates"] = maxCandidates, ["eta"] = eta, ["seed"] = Seed };
            var searchRun = await RunAsync(host, storage, spans, Spec("search", box, search)).ConfigureAwait(false);

            return new SearchBenchmarkResult(Path.GetFileNameWithoutExtension(datasetPath), Environment.ProcessorCount, Summarise("grid 4x4", gridRun),
                Summarise($"successive halving {maxCandidates}, eta {eta}", searchRun), searchRun.Record.Search!);
        }
    }

    private static StrategyResult Summarise(string name, (IReadOnlyList<ActivityTiming> Spans, RunRecord Record, double Seconds) run)
    {
        var metric = BinaryMetricNames.Auc;
        var best = run.Record.Candidates
            .OrderByDescending(c => SuccessiveHalving.SelectionValue(c, metric) ?? double.NegativeInfinity).ThenBy(c => c.Id, StringComparer.Ordinal).First();
        var stage = (run.Spans.Max(s => s.EndUtc) - run.Spans.Min(s => s.StartUtc)).TotalSeconds;
        var cpu = run.Spans.Max(s => s.ProcessCpuAtEnd) - run.Spans.Min(s => s.ProcessCpuAtStart);
        return new StrategyResult(name, run.Spans.Count, stage, cpu, run.Seconds, best.Id,
            string.Join(", ", best.Parameters.Select(p => FormattableString.Invariant($"{p.Key}={p.Value:G6}"))),
            SuccessiveHalving.SelectionValue(best, metric), best.Metrics.GetValueOrDefault(metric, double.NaN));
    }

    private async Task<(IReadOnlyList<ActivityTiming> Spans, RunRecord Record, double Seconds)> RunAsync(
        PipelineTestHost host, AzuriteFixture storage, SpanRecorder spans, PipelineSpec spec)
    {
        var blob = $"{spec.Name}/{Path.GetFileName(datasetPath)}";
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(blob).UploadAsync(datasetPath, overwrite: true).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, blob, new RunTrigger("manual", "benchmark")).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, timeout.Token).ConfigureAwait(false);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var record = completed.ReadOutputAs<RunRecord>()
            ?? throw new InvalidOperationException($"run {start.RunId} ended {completed.RuntimeStatus} without a record");
        if (record.Candidates.Count == 0 || record.Outcome == RunOutcome.Failed)
        {
            throw new InvalidOperationException($"run {start.RunId} ended {record.Outcome}: {record.Message}");
        }

        return (spans.Of(start.RunId), record, seconds);
    }

    private PipelineSpec Spec(string kind, JsonArray trainers, JsonObject? search)
    {
        var spec = new JsonObject
        {
            // A new pipeline per run: a run id derives from the dataset and spec.
            ["name"] = Samples.UniquePipelineName(kind),
            ["label"] = label,
            ["positiveClass"] = positiveClass,
            ["testFraction"] = 0.2,
            ["seed"] = Seed,
            ["trainers"] = trainers,
            ["promotion"] = new JsonObject { ["primaryMetric"] = BinaryMetricNames.Auc, ["minImprovement"] = 0 },
        };
        if (search is not null)
        {
            spec["search"] = search;
        }

        return PipelineSpecParser.Parse(spec.ToJsonString(), $"{kind} spec");
    }

    private static JsonArray Values(double[] values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonObject Range(double min, double max) => new() { ["min"] = min, ["max"] = max, ["scale"] = RangeScales.Log };
}

/// <summary>One strategy's run: its TrainCandidate activities, the training stage's wall and CPU time, and what it found.</summary>
internal sealed record StrategyResult(
    string Strategy, int Activities, double StageSeconds, double StageCpuSeconds, double RunSeconds, string BestId, string BestParameters,
    double? BestSelectionAuc, double BestHoldoutAuc);

internal sealed record SearchBenchmarkResult(string Dataset, int Processors, StrategyResult Grid, StrategyResult Search, SearchReport Rungs);
