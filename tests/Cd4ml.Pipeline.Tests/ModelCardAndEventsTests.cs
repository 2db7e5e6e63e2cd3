using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Events;
using Cd4ml.Pipeline.Governance;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cd4ml.Pipeline.Tests;

/// <summary>What a promotion leaves behind besides the alias: the version's model card and a CloudEvent on <c>model-events</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelCardAndEventsTests(AzuriteFixture storage)
{
    private static readonly TimeSpan s_eventWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pipeline_run_publishes_the_model_card_and_announces_the_new_champion_on_the_queue()
    {
        var pipeline = Samples.UniquePipelineName("card");
        await using var host = await PipelineTestHost.StartAsync(storage);
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch-1.csv").UploadAsync(RepoPaths.CreditBatch1, overwrite: true);

        var start = await host.Get<RunStarter>().StartAsync(host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/batch-1.csv", new RunTrigger("manual", "test"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);

        var folder = storage.Client.GetBlobContainerClient(Containers.Models);
        var md = (await folder.GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, 1)}/{ModelCard.MarkdownFile}").DownloadContentAsync()).Value;
        var html = (await folder.GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, 1)}/{ModelCard.HtmlFile}").DownloadContentAsync()).Value;
        var htmlText = html.Content.ToString();
        Assert.StartsWith("text/html", html.Details.ContentType, StringComparison.Ordinal);
        Assert.Contains("<svg", htmlText, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", htmlText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", htmlText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Model card: {pipeline} v1", md.Content.ToString(), StringComparison.Ordinal);
        Assert.Contains("first champion of the pipeline", md.Content.ToString(), StringComparison.Ordinal);
        var manifest = await host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1);
        Assert.True(manifest!.TrainingSeconds > 0);

        var cloudEvent = Assert.Single(await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, $"{pipeline}/aliases/champion", 1, s_eventWait));
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(AliasMovedEvent.Type, cloudEvent.GetProperty("type").GetString());
        Assert.Equal($"/pipelines/{pipeline}", cloudEvent.GetProperty("source").GetString());
        Assert.Equal("champion.1", cloudEvent.GetProperty("id").GetString());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal((1, 1L, pipeline, "champion"), (data.GetProperty("version").GetInt32(), data.GetProperty("generation").GetInt64(),
            data.GetProperty("pipeline").GetString(), data.GetProperty("alias").GetString()));
        Assert.Equal(manifest.ModelSha256, data.GetProperty("sha256").GetString());
        Assert.Equal(start.RunId, data.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task R05_a_model_card_is_written_once_and_a_retried_write_leaves_it_unchanged()
    {
        var pipeline = Samples.UniquePipelineName("card");
        var registry = new ModelRegistry(storage.Client);
        var versions = await RegistrySeed.PublishManyAsync(registry, pipeline, 2);
        var writer = new ModelCardWriter(registry);
        var blob = storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, 2)}/{ModelCard.HtmlFile}");

        var first = await writer.WriteAsync(versions[1]);
        var before = (await blob.DownloadContentAsync()).Value;
        var retry = await writer.WriteAsync(versions[1] with { Trainer = "SomethingElse" });
        var after = (await blob.DownloadContentAsync()).Value;

        Assert.Equal((2, 0), (first, retry));
        Assert.Equal(before.Details.ETag, after.Details.ETag);
        Assert.DoesNotContain("SomethingElse", after.Content.ToString(), StringComparison.Ordinal);
        // The chart covers the versions up to this one.
        Assert.Contains(">v1<", after.Content.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => registry.WriteVersionFileAsync(pipeline, 2, "model.zip", BinaryData.FromString("x"), "application/zip"));
    }

    [Fact]
    public async Task A_promotion_and_a_rollback_by_a_person_each_send_a_cloud_event()
    {
        var pipeline = Samples.UniquePipelineName("evt");
        var governance = Governance(() => new QueueServiceClient(storage.ConnectionString));
        await RegistrySeed.PublishManyAsync(governance.Registry, pipeline, 2);
        await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        await governance.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "undo");

        var events = await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, $"{pipeline}/aliases/champion", 3, s_eventWait);

        Assert.Equal(new[] { "champion.1", "champion.2", "champion.3" }, events.Select(e => e.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        var rollback = Assert.Single(events, e => e.GetProperty("data").GetProperty("action").GetString() == AuditActions.Rollback);
        Assert.Equal((1, 2), (rollback.GetProperty("data").GetProperty("version").GetInt32(), rollback.GetProperty("data").GetProperty("previous").GetInt32()));
        Assert.Equal("undo", rollback.GetProperty("data").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_promotion_stands_when_its_event_cannot_be_sent()
    {
        var pipeline = Samples.UniquePipelineName("evt");
        var deadQueue = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};QueueEndpoint=http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1;";
        var unreachable = Governance(() => new QueueServiceClient(deadQueue, new QueueClientOptions { Retry = { MaxRetries = 0 } }));
        var misconfigured = Governance(() => throw new InvalidOperationException("no queue endpoint in the connection string"));
        await RegistrySeed.PublishManyAsync(unreachable.Registry, pipeline, 2);

        var first = await unreachable.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        var second = await misconfigured.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");

        Assert.Equal((AliasMoveOutcome.Moved, AliasMoveOutcome.Moved), (first.Outcome, second.Outcome));
        Assert.Equal(2, (await unreachable.Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(2, (await unreachable.Registry.ReadAuditAsync(pipeline)).Count);
    }

    private ModelGovernance Governance(Func<QueueServiceClient> queues) =>
        new(new ModelRegistry(storage.Client), new ModelEventPublisher(queues, NullLogger<ModelEventPublisher>.Instance));
}
