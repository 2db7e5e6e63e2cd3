using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Cd4ml.Core.Data;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Tests.Triggers;

/// <summary>
/// The local host's dataset trigger (RELIABILITY 13 and 14). The poller lists the whole <c>datasets</c> container, so
/// each test has an Azurite of its own.
/// </summary>
public sealed class DatasetPollerTests
{
    [Fact]
    public async Task Item14_100_datasets_dropped_at_once_all_get_a_receipt_with_bounded_concurrency_and_a_restart_handles_none_again()
    {
        using var storage = PrivateAzurite.Start();
        var datasets = storage.Client.GetBlobContainerClient(Containers.Datasets);
        var names = Enumerable.Range(0, 100).Select(i => $"burst/{i:D3}.csv").ToList();
        await Task.WhenAll(names.Select((name, i) => datasets.GetBlobClient(name).UploadAsync(BinaryData.FromString($"a,b\n{i},1\n"))));
        var processor = new CountingProcessor();

        var handled = await Poller(storage, processor, maxConcurrency: 4).PollOnceAsync(CancellationToken.None);

        Assert.Equal(100, handled);
        Assert.Equal(names.Order(StringComparer.Ordinal), processor.Seen.Order(StringComparer.Ordinal));
        Assert.InRange(processor.MaxInFlight, 2, 4);
        var receipts = await new DatasetReceipts(storage.Client).ListAsync();
        Assert.Equal(100, receipts.Count);
        // Half were new runs, half deduplicated into a run already accepted: each says which.
        Assert.Equal(50, receipts.Values.Count(r => r.Status == "started"));
        Assert.Equal(50, receipts.Values.Count(r => r.Status == "already-accepted"));

        // A new poller (cd4ml serve restarted) reads the receipts from storage and hands nothing over again.
        var restarted = await Poller(storage, processor, maxConcurrency: 4).PollOnceAsync(CancellationToken.None);
        Assert.Equal(0, restarted);
        Assert.Equal(100, processor.Seen.Count);
    }

    [Fact]
    public async Task Item14_an_overwritten_dataset_is_new_data_and_is_handled_again()
    {
        using var storage = PrivateAzurite.Start();
        var blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient("p/data.csv");
        await blob.UploadAsync(BinaryData.FromString("a,b\n1,2\n"));
        var processor = new CountingProcessor();
        var poller = Poller(storage, processor, maxConcurrency: 2);
        await poller.PollOnceAsync(CancellationToken.None);

        await blob.UploadAsync(BinaryData.FromString("a,b\n3,4\n"), overwrite: true);

        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(2, processor.Seen.Count);
    }

    [Fact]
    public async Task A_dataset_for_an_unknown_pipeline_gets_a_receipt_with_the_reason_stays_in_place_and_runs_once_its_spec_is_pushed()
    {
        using var storage = PrivateAzurite.Start();
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("poll");
        var blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/small.csv");
        await blob.UploadAsync(FastPipelines.Dataset());
        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString();
        var poller = DurablePoller(storage, host);

        await poller.PollOnceAsync(CancellationToken.None);

        var waiting = await new DatasetReceipts(storage.Client).ReadAsync($"{pipeline}/small.csv", etag);
        Assert.Equal(ReceiptStatuses.WaitingForPipeline, waiting?.Status);
        Assert.Contains($"no pipeline '{pipeline}'", waiting?.Reason, StringComparison.Ordinal);
        Assert.True(await blob.ExistsAsync());
        Assert.Empty(await InstancesAsync(host.Client));

        // Pushing the spec afterwards is enough: the next poll runs the data that was waiting for it.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await PushSpecAsync(storage, pipeline);
        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));

        var started = await new DatasetReceipts(storage.Client).ReadAsync($"{pipeline}/small.csv", etag);
        Assert.Equal("started", started?.Status);
        var completed = await host.Client.WaitForInstanceCompletionAsync(started!.RunId!, getInputsAndOutputs: true, Timeout());
        var record = completed.ReadOutputAs<RunRecord>()!;
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal("blob", record.Trigger.Kind);
    }

    [Fact]
    public async Task Item31_a_receipt_whose_run_is_neither_in_the_task_hub_nor_finished_is_handled_again_once()
    {
        using var storage = PrivateAzurite.Start();
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("lost");
        await PushSpecAsync(storage, pipeline);
        var blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch.csv");
        await blob.UploadAsync(FastPipelines.Dataset());
        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString();
        // What a host on an in-memory task hub left behind when it was killed: a receipt for a run that exists nowhere.
        var receipts = new DatasetReceipts(storage.Client);
        await receipts.WriteAsync(new DatasetReceipt($"{pipeline}/batch.csv", etag, DateTimeOffset.UtcNow, "started", $"{pipeline}-lost", null, null), replace: false);

        var poller = DurablePoller(storage, host);
        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));

        var restarted = await receipts.ReadAsync($"{pipeline}/batch.csv", etag);
        Assert.Equal("started", restarted?.Status);
        Assert.NotEqual($"{pipeline}-lost", restarted?.RunId);
        var completed = await host.Client.WaitForInstanceCompletionAsync(restarted!.RunId!, getInputsAndOutputs: true, Timeout());
        Assert.Equal(RunOutcome.Promoted, completed.ReadOutputAs<RunRecord>()!.Outcome);
        // Verified once per process: the next poll finds a receipt whose run exists and leaves it alone.
        Assert.Equal(0, await poller.PollOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Item13_the_same_dataset_dropped_twice_and_copied_starts_one_run()
    {
        using var storage = PrivateAzurite.Start();
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("poll");
        await PushSpecAsync(storage, pipeline);
        var datasets = storage.Client.GetBlobContainerClient(Containers.Datasets);
        var original = datasets.GetBlobClient($"{pipeline}/a.csv");
        await original.UploadAsync(FastPipelines.Dataset());
        var poller = DurablePoller(storage, host);
        await poller.PollOnceAsync(CancellationToken.None);

        // The same bytes again (a re-upload: new ETag) and a server-side copy (a copy-blob event fires like an upload).
        await original.UploadAsync(FastPipelines.Dataset(), overwrite: true);
        var copy = await datasets.GetBlobClient($"{pipeline}/b.csv").StartCopyFromUriAsync(original.Uri);
        await copy.WaitForCompletionAsync();
        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));

        // Each blob version starts a run at once (the trigger never reads the bytes); the runs hash the same content and
        // only the one that claims it first trains. The others end as "already ran", naming it.
        var receipts = await new DatasetReceipts(storage.Client).ListAsync();
        Assert.Equal(3, receipts.Count);
        Assert.Equal(3, receipts.Values.Count(r => r.Status == "started"));
        var records = new List<RunRecord>();
        foreach (var instance in await InstancesAsync(host.Client))
        {
            var completed = await host.Client.WaitForInstanceCompletionAsync(instance.InstanceId, getInputsAndOutputs: true, Timeout());
            records.Add(completed.ReadOutputAs<RunRecord>()!);
        }

        var trained = Assert.Single(records, r => r.Outcome != RunOutcome.AlreadyRan);
        Assert.True(trained.Outcome == RunOutcome.Promoted, trained.Message);
        Assert.All(records.Where(r => r != trained), r => Assert.Equal(trained.RunId, r.DuplicateOf));
        Assert.Equal(2, records.Count(r => r.Outcome == RunOutcome.AlreadyRan && r.Candidates.Count == 0));
    }

    private static Task PushSpecAsync(AzuriteFixture storage, string pipeline) =>
        storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json")
            .UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));

    /// <summary>The poller as serve runs it: on the host's Durable client, four datasets at a time.</summary>
    private static DatasetPoller DurablePoller(AzuriteFixture storage, PipelineTestHost host) =>
        Poller(storage, new DurableDatasetArrivalProcessor(host.Get<DatasetArrivalHandler>(), host.Client, host.Get<RunReportStore>()), maxConcurrency: 4);

    private static DatasetPoller Poller(AzuriteFixture storage, IDatasetArrivalProcessor processor, int maxConcurrency) =>
        new(storage.Client, new DatasetReceipts(storage.Client), processor,
            Options.Create(new DatasetPollerOptions { MaxConcurrency = maxConcurrency }), TimeProvider.System, NullLogger<DatasetPoller>.Instance);

    private static async Task<List<OrchestrationMetadata>> InstancesAsync(DurableTaskClient client)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        return instances;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    /// <summary>Stands in for the pipeline: counts what it is handed and how many at once.</summary>
    private sealed class CountingProcessor : IDatasetArrivalProcessor
    {
        private int _inFlight;
        private int _maxInFlight;

        public ConcurrentBag<string> Seen { get; } = [];

        public int MaxInFlight => _maxInFlight;

        public async Task<DatasetArrivalResult> ProcessAsync(string blobName, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                await Task.Delay(20, ct);
                Seen.Add(blobName);
                var index = int.Parse(blobName[6..9], System.Globalization.CultureInfo.InvariantCulture);
                var status = index % 2 == 0 ? StartRunStatus.Started : StartRunStatus.AlreadyAccepted;
                return new DatasetArrivalResult(blobName, new StartRunResult($"burst-{index:D12}-00000000", status,
                    new DatasetVersion($"{Containers.Datasets}/{blobName}", "etag", new string('0', 64), 8), null), null);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
