using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// Issue 19: many runs of one pipeline at once (a backfill, a month of files dropped together), end to end on the real
/// worker and Azurite. Every published version must have been decided against the champion it replaced.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentRunsTests(AzuriteFixture storage)
{
    [Fact]
    public async Task I19_twelve_concurrent_drops_publish_only_versions_decided_against_the_champion_they_replaced()
    {
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("c12");
        var spec = Samples.CreditSpec(pipeline, _ => FastPipelines.SpecJson(pipeline));
        var datasets = storage.Client.GetBlobContainerClient(Containers.Datasets);
        for (var i = 0; i < 12; i++)
        {
            await datasets.GetBlobClient($"{pipeline}/drop-{i:00}.csv").UploadAsync(FastPipelines.Dataset(rows: 200, skip: i * 200), overwrite: true);
        }

        var starts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/drop-{i:00}.csv", new RunTrigger("blob", $"datasets/{pipeline}/drop-{i:00}.csv"))));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var records = new List<RunRecord>();
        foreach (var start in starts)
        {
            var done = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, limit.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            records.Add(done.ReadOutputAs<RunRecord>()!);
        }

        var registry = host.Get<ModelRegistry>();
        Assert.All(records, r => Assert.True(r.Outcome is RunOutcome.Promoted or RunOutcome.ChampionKept, $"{r.RunId}: {r.Outcome} {r.Message}"));
        var promoted = records.Where(r => r.Outcome == RunOutcome.Promoted).ToList();
        Assert.NotEmpty(promoted);
        // Only promotions published: a run that kept the champion left no version behind.
        Assert.All(records.Where(r => r.Outcome == RunOutcome.ChampionKept), r => Assert.Null(r.PublishedVersion));
        var versions = await registry.ListManifestsAsync(pipeline);
        Assert.Equal(promoted.Count, versions.Count);

        // One audit line per move, in generation order; each version was compared with exactly the champion it replaced.
        var moves = (await registry.ReadAuditAsync(pipeline)).Where(e => AuditActions.MovesAlias(e.Action)).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(g => (long?)g), moves.Select(m => m.Generation));
        foreach (var move in moves)
        {
            var manifest = Assert.Single(versions, v => v.Version == move.Version);
            Assert.Equal(move.Previous, manifest.ComparedWithVersion);
            Assert.True(manifest.Decision.Promote);
        }

        var (alias, _) = await registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal(moves[^1].Version, alias!.Version);
    }

    [Fact]
    public async Task I19_runs_waiting_to_promote_publish_in_the_order_their_datasets_arrived()
    {
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("ord");
        var spec = Samples.CreditSpec(pipeline, _ => FastPipelines.SpecJson(pipeline));
        var datasets = storage.Client.GetBlobContainerClient(Containers.Datasets);
        await datasets.GetBlobClient($"{pipeline}/early.csv").UploadAsync(FastPipelines.Dataset(rows: 200, skip: 0), overwrite: true);
        // Blob times have a resolution of one second: the two arrivals must differ by more.
        await Task.Delay(TimeSpan.FromMilliseconds(1200));
        await datasets.GetBlobClient($"{pipeline}/late.csv").UploadAsync(FastPipelines.Dataset(rows: 200, skip: 200), overwrite: true);

        // Hold the pipeline's promotion lock so both runs reach it and wait; the later dataset's run is started first.
        var registry = host.Get<ModelRegistry>();
        var held = await BlobLeaseLock.AcquireAsync(registry.PromotionLock(pipeline), TimeSpan.FromSeconds(10));
        var starter = host.Get<RunStarter>();
        var late = await starter.StartAsync(host.Client, spec, $"{pipeline}/late.csv", new RunTrigger("blob", $"datasets/{pipeline}/late.csv"));
        var early = await starter.StartAsync(host.Client, spec, $"{pipeline}/early.csv", new RunTrigger("blob", $"datasets/{pipeline}/early.csv"));
        var tickets = storage.Client.GetBlobContainerClient(Containers.Models);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        while (await tickets.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/promoting/", limit.Token).CountAsync(limit.Token) < 2)
        {
            await Task.Delay(200, limit.Token);
        }

        await held.DisposeAsync();
        var records = new Dictionary<string, RunRecord>();
        foreach (var run in new[] { early.RunId, late.RunId })
        {
            var done = await host.Client.WaitForInstanceCompletionAsync(run, getInputsAndOutputs: true, limit.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            records[run] = done.ReadOutputAs<RunRecord>()!;
        }

        Assert.True(records[early.RunId].Dataset.ArrivedAt < records[late.RunId].Dataset.ArrivedAt);
        var moves = (await registry.ReadAuditAsync(pipeline)).Where(e => AuditActions.MovesAlias(e.Action)).ToList();
        Assert.Equal(early.RunId, moves[0].RunId);
        Assert.Equal(RunOutcome.Promoted, records[early.RunId].Outcome);
        // The later dataset's run decided last, against the champion the earlier one made.
        Assert.Equal(records[early.RunId].PublishedVersion, records[late.RunId].Champion?.Version);
        Assert.Empty(await tickets.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/promoting/", CancellationToken.None).ToListAsync());
    }
}
