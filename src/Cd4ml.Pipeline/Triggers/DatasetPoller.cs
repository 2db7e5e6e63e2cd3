using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>
/// The local host's dataset trigger: the Functions app gets Event Grid's BlobCreated, <c>cd4ml serve</c> lists the
/// <c>datasets</c> container instead. Every blob version (name + ETag) without a receipt is handed to the same
/// <see cref="DatasetArrivalHandler"/>, a bounded number at a time, and gets a receipt saying what became of it.
/// </summary>
public sealed class DatasetPoller(
    BlobServiceClient service,
    DatasetReceipts receipts,
    IDatasetArrivalProcessor processor,
    IOptions<DatasetPollerOptions> options,
    TimeProvider time,
    ILogger<DatasetPoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private bool _receiptsVerified;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        TriggerLog.PollerStarted(logger, Containers.Datasets, settings.Interval, settings.MaxConcurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage down for a moment must not end the poller; the next poll picks up where this one stopped.
                TriggerLog.PollFailed(logger, ex, settings.Interval);
            }

            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass over the container. Returns how many dataset versions it handled.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var handled = await receipts.ListAsync(ct).ConfigureAwait(false);
        var specsChanged = await SpecTimesAsync(ct).ConfigureAwait(false);
        // Once per process: receipts of runs that may have been lost with a host are checked against the durable store.
        var verify = !_receiptsVerified;
        var work = new List<(string Blob, string ETag, bool Replace)>();
        await foreach (var blob in service.GetBlobContainerClient(Containers.Datasets).GetBlobsAsync(BlobTraits.None, BlobStates.None, null, ct).ConfigureAwait(false))
        {
            var etag = blob.Properties.ETag?.ToString() ?? "";
            if (!handled.TryGetValue(DatasetReceipts.BlobName(blob.Name, etag), out var receipt))
            {
                work.Add((blob.Name, etag, false));
            }
            else if (verify && receipt.Status is not (ReceiptStatuses.Ignored or ReceiptStatuses.WaitingForPipeline or ReceiptStatuses.Failed)
                && await RunIsLostAsync(blob.Name, etag, ct).ConfigureAwait(false))
            {
                work.Add((blob.Name, etag, true));
            }
            else if (receipt.Status == ReceiptStatuses.WaitingForPipeline
                && specsChanged.TryGetValue(PipelineOf(blob.Name), out var specAt) && specAt > receipt.HandledAt)
            {
                // The drop came before its spec: once the spec is pushed (or fixed), the data runs without a re-upload.
                work.Add((blob.Name, etag, true));
            }
        }

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = ct },
            async (item, token) => await HandleAsync(item.Blob, item.ETag, item.Replace, token).ConfigureAwait(false)).ConfigureAwait(false);
        _receiptsVerified = true;
        return work.Count;
    }

    /// <summary>A receipt says a run was started for this drop, but the run is neither in the durable store nor finished.</summary>
    private async Task<bool> RunIsLostAsync(string blob, string etag, CancellationToken ct)
    {
        if (await receipts.ReadAsync(blob, etag, ct).ConfigureAwait(false) is not { RunId: { } runId })
        {
            return false;
        }

        if (await processor.RunExistsAsync(PipelineOf(blob), runId, ct).ConfigureAwait(false))
        {
            return false;
        }

        TriggerLog.LostRunRestarted(logger, blob, etag, runId);
        return true;
    }

    private async Task HandleAsync(string blob, string etag, bool replace, CancellationToken ct)
    {
        DatasetReceipt receipt;
        try
        {
            var result = await processor.ProcessAsync(blob, ct).ConfigureAwait(false);
            receipt = result.Run is { } run
                ? new DatasetReceipt(blob, etag, time.GetUtcNow(), RunStartAnswers.Word(run.Status), run.RunId, run.Existing?.Dataset.Sha256, null)
                : new DatasetReceipt(blob, etag, time.GetUtcNow(),
                    result.WaitsForPipeline ? ReceiptStatuses.WaitingForPipeline : ReceiptStatuses.Ignored, null, null, result.IgnoredBecause);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the listing and the read: there is nothing left to handle or to record.
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempt = _failures.AddOrUpdate($"{blob}|{etag}", 1, (_, n) => n + 1);
            var max = options.Value.MaxAttempts;
            TriggerLog.DatasetFailed(logger, ex, blob, etag, attempt, max);
            if (attempt < max)
            {
                return;
            }

            receipt = new DatasetReceipt(blob, etag, time.GetUtcNow(), ReceiptStatuses.Failed, null, null, $"failed {attempt} times; last error: {ex.Message}");
        }

        _failures.TryRemove($"{blob}|{etag}", out _);
        await receipts.WriteAsync(receipt, replace, ct).ConfigureAwait(false);
        TriggerLog.DatasetHandled(logger, blob, etag, receipt.Status, receipt.RunId, receipt.Reason);
    }

    private async Task<Dictionary<string, DateTimeOffset>> SpecTimesAsync(CancellationToken ct)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var spec in service.GetBlobContainerClient(Containers.Pipelines).GetBlobsAsync(BlobTraits.None, BlobStates.None, null, ct).ConfigureAwait(false))
        {
            if (spec.Name.EndsWith(".json", StringComparison.Ordinal) && spec.Properties.LastModified is { } at)
            {
                times[spec.Name[..^5]] = at;
            }
        }

        return times;
    }

    private static string PipelineOf(string blob) => new BlobAddress(Containers.Datasets, blob).FirstSegment ?? "";
}
