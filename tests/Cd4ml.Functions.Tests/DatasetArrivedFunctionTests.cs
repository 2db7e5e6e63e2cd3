using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Functions.Triggers;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Tests;

/// <summary>The blob trigger on the drop zone, called as the Functions host calls it when Event Grid reports a new blob.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DatasetArrivedFunctionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private FunctionsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Dataset_for_a_stored_pipeline_starts_a_run_triggered_by_the_blob_and_a_second_drop_of_it_starts_none()
    {
        var pipeline = Samples.UniquePipelineName();
        await PipelineStorage.PushSpecAsync(storage, pipeline);
        var blobName = await PipelineStorage.DropDatasetAsync(storage, pipeline, RepoPaths.CreditBatch1, "batch-1.csv");

        var arrived = await ArriveAsync(blobName);

        Assert.Null(arrived.IgnoredBecause);
        Assert.Equal(StartRunStatus.Started, arrived.Run?.Status);
        var completed = await _host.Client.WaitForInstanceCompletionAsync(arrived.Run!.RunId, getInputsAndOutputs: true, Timeout());
        Assert.True(completed.RuntimeStatus == OrchestrationRuntimeStatus.Completed, completed.FailureDetails?.ToString());
        var record = completed.ReadOutputAs<RunRecord>()!;
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal("blob", record.Trigger.Kind);
        Assert.Equal($"{Containers.Datasets}/{blobName}", record.Trigger.Source);

        // Event Grid delivers at least once: the same blob again is answered from the run it already had.
        var again = await ArriveAsync(blobName);
        Assert.Equal(StartRunStatus.AlreadyCompleted, again.Run?.Status);
        Assert.Equal(arrived.Run.RunId, again.Run?.RunId);
    }

    [Fact]
    public async Task Item13_a_blob_event_delivered_twice_at_once_and_a_copy_of_the_blob_start_one_run()
    {
        var pipeline = Samples.UniquePipelineName();
        await PipelineStorage.PushSpecAsync(storage, pipeline);
        var blobName = await PipelineStorage.DropDatasetAsync(storage, pipeline, RepoPaths.CreditBatch1, "batch-1.csv");
        var copy = await Dataset($"{pipeline}/copy-of-batch-1.csv").StartCopyFromUriAsync(Dataset(blobName).Uri);
        await copy.WaitForCompletionAsync();

        // Event Grid may deliver one BlobCreated twice, concurrently; a copy-blob fires its own event for the same bytes.
        var arrivals = await Task.WhenAll(ArriveAsync(blobName), ArriveAsync(blobName), ArriveAsync($"{pipeline}/copy-of-batch-1.csv"));

        // The same blob version twice is one run; the copy is another blob version, so it gets a run of its own that
        // hashes the same bytes, finds the first run's claim on them and ends without training.
        Assert.Equal(arrivals[0].Run!.RunId, arrivals[1].Run!.RunId);
        Assert.Equal(1, arrivals[..2].Count(a => a.Run!.Status == StartRunStatus.Started));
        Assert.NotEqual(arrivals[0].Run!.RunId, arrivals[2].Run!.RunId);
        var records = new List<RunRecord>();
        foreach (var runId in arrivals.Select(a => a.Run!.RunId).Distinct())
        {
            var completed = await _host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, Timeout());
            records.Add(completed.ReadOutputAs<RunRecord>()!);
        }

        var trained = Assert.Single(records, r => r.Outcome != RunOutcome.AlreadyRan);
        Assert.True(trained.Outcome == RunOutcome.Promoted, trained.Message);
        var duplicate = Assert.Single(records, r => r.Outcome == RunOutcome.AlreadyRan);
        Assert.Equal(trained.RunId, duplicate.DuplicateOf);
        Assert.Empty(duplicate.Candidates);
    }

    [Fact]
    public async Task Dataset_for_an_unknown_pipeline_is_ignored_with_the_reason_and_left_in_place()
    {
        var pipeline = Samples.UniquePipelineName();
        var blobName = await PipelineStorage.DropDatasetAsync(storage, pipeline, RepoPaths.CreditBatch1, "batch-1.csv");

        var arrived = await ArriveAsync(blobName);

        Assert.Null(arrived.Run);
        Assert.Contains($"no pipeline '{pipeline}'", arrived.IgnoredBecause, StringComparison.Ordinal);
        Assert.True(await Dataset(blobName).ExistsAsync());
        await AssertNothingStartedAsync();
    }

    [Theory]
    [InlineData("loose.csv", "under datasets/{pipeline}/")]
    [InlineData("Not_A_Pipeline/batch.csv", "not a pipeline name")]
    public async Task Dataset_outside_a_pipeline_folder_is_ignored_with_the_reason(string blobName, string reason)
    {
        var arrived = await ArriveAsync(blobName);

        Assert.Null(arrived.Run);
        Assert.Contains(reason, arrived.IgnoredBecause, StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    private Task<DatasetArrivalResult> ArriveAsync(string blobName) =>
        _host.Function<DatasetArrivedFunction>().DatasetArrived(Dataset(blobName), _host.Client, CancellationToken.None);

    private Azure.Storage.Blobs.BlobClient Dataset(string blobName) =>
        storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(blobName);

    private async Task AssertNothingStartedAsync()
    {
        await foreach (var instance in _host.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            Assert.Fail($"{instance.InstanceId} was started");
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
