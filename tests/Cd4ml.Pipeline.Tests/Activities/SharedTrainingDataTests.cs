using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training.Loading;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests.Activities;

/// <summary>The candidates of a run in one worker process read the snapshot once (docs/training.md, "Loading").</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedTrainingDataTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Three_candidates_of_a_run_read_the_snapshot_into_memory_once()
    {
        var pipeline = Samples.UniquePipelineName("shared");
        await using var host = await PipelineTestHost.StartAsync(storage);
        var columns = host.Get<SnapshotColumnsCache>();
        columns.Clear();
        var readsBefore = columns.Reads;
        var spec = JsonNode.Parse(FastPipelines.SpecJson(pipeline))!.AsObject();
        spec["trainers"] = new JsonArray(
            new JsonObject { ["name"] = "SdcaLogisticRegression" },
            new JsonObject { ["name"] = "LightGbm" },
            new JsonObject { ["name"] = "FastTree" });
        await Blob(Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(spec.ToJsonString()));
        await Blob(Containers.Datasets, $"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset());
        var stored = (await host.Get<PipelineSpecStore>().GetAsync(pipeline))!;

        var start = await host.Get<RunStarter>().StartAsync(host.Client, stored, $"{pipeline}/small.csv", new RunTrigger("manual", "test"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, timeout.Token);
        var record = completed.ReadOutputAs<RunRecord>()!;

        Assert.Equal(3, record.Candidates.Count);
        Assert.All(record.Candidates, c => Assert.Null(c.Problem));
        Assert.Equal(1, columns.Reads - readsBefore);
        Assert.True(columns.Bytes > 0);
    }

    private BlobClient Blob(string container, string name) => storage.Client.GetBlobContainerClient(container).GetBlobClient(name);
}
