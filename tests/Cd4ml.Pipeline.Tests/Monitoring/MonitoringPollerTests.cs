using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Tests.Monitoring;

/// <summary>The local host's feedback and predictions trigger: one evaluation per blob version, receipts in storage.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MonitoringPollerTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_feedback_csv_and_predictions_manifest_version_starts_one_evaluation_and_nothing_else_does()
    {
        var pipeline = Samples.UniquePipelineName("poll");
        var feedback = storage.Client.GetBlobContainerClient(Containers.Feedback).GetBlobClient($"{pipeline}/day-1.csv");
        await feedback.UploadAsync(BinaryData.FromString("line,source,Status\n2,batch,good\n"), overwrite: true);
        await storage.Client.GetBlobContainerClient(Containers.Predictions).GetBlobClient($"{pipeline}/batch.json").UploadAsync(BinaryData.FromString("{}"), overwrite: true);
        // Not monitoring's: a predictions CSV (its manifest is the signal) and a blob outside any pipeline folder.
        await storage.Client.GetBlobContainerClient(Containers.Predictions).GetBlobClient($"{pipeline}/batch.csv").UploadAsync(BinaryData.FromString("line\n"), overwrite: true);
        await storage.Client.GetBlobContainerClient(Containers.Feedback).GetBlobClient("loose.csv").UploadAsync(BinaryData.FromString("x\n"), overwrite: true);
        var poller = new MonitoringPoller(storage.Client, _host.Client, _host.Get<MonitoringTrigger>(), Options.Create(new DatasetPollerOptions()),
            TimeProvider.System, NullLogger<MonitoringPoller>.Instance);

        var first = await poller.PollOnceAsync(default);
        var second = await poller.PollOnceAsync(default);
        await feedback.UploadAsync(BinaryData.FromString("line,source,Status\n2,batch,bad\n"), overwrite: true);
        var afterOverwrite = await poller.PollOnceAsync(default);

        Assert.True(first >= 2, $"started {first}");
        Assert.Equal(0, second);
        Assert.Equal(1, afterOverwrite);
        var etag = (await feedback.GetPropertiesAsync()).Value.ETag.ToString();
        var id = MonitoringTrigger.InstanceId(pipeline, Containers.Feedback, $"{pipeline}/day-1.csv", etag.Trim('"'));
        var completed = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
        // The pipeline has no spec: the evaluation completes with nothing to monitor.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Null(completed.ReadOutputAs<MonitoringSummary?>());
    }
}
