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

        var drops = await ConcurrentDrops.RunAsync(storage.Client, host.Client, host.Services, spec, drops: 12, TimeSpan.FromMinutes(12));

        Assert.Empty(drops.Problems());
        Assert.Equal(12, drops.Records.Count);
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
