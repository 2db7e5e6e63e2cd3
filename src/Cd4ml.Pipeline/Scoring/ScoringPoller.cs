using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>
/// The local host's scoring trigger (the Functions app gets Event Grid's BlobCreated instead): every version (name +
/// ETag) of a file in the <c>scoring</c> container without a receipt goes to <see cref="ScoringArrivalHandler"/> and
/// gets a receipt. A file that waited for a champion is handled again once the pipeline's champion alias is written.
/// Same interval, concurrency and attempts as the dataset poller (<c>Cd4ml:DatasetPoller</c>).
/// </summary>
public sealed class ScoringPoller(
    BlobServiceClient service,
    ScoringReceipts receipts,
    ScoringArrivalHandler handler,
    DurableTaskClient client,
    IOptions<DatasetPollerOptions> options,
    TimeProvider time,
    ILogger<ScoringPoller> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                ScoringLog.PollFailed(logger, ex, interval);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass over the container. Returns how many file versions it handled.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var handled = await receipts.ListAsync(ct).ConfigureAwait(false);
        var championAt = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var work = new List<(string Blob, string ETag, bool Replace)>();
        await foreach (var blob in service.GetBlobContainerClient(Containers.Scoring).GetBlobsAsync(BlobTraits.None, BlobStates.None, null, ct).ConfigureAwait(false))
        {
            var etag = blob.Properties.ETag?.ToString() ?? "";
            if (!handled.TryGetValue(ScoringReceipts.BlobName(blob.Name, etag), out var receipt))
            {
                work.Add((blob.Name, etag, false));
            }
            else if (receipt.Status == ScoringArrivalStatuses.WaitingForChampion
                && await ChampionSetAtAsync(blob.Name, championAt, ct).ConfigureAwait(false) is { } at && at > receipt.HandledAt)
            {
                work.Add((blob.Name, etag, true));
            }
        }

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = ct },
            async (item, token) => await HandleAsync(item.Blob, item.ETag, item.Replace, token).ConfigureAwait(false)).ConfigureAwait(false);
        return work.Count;
    }

    private async Task<DateTimeOffset?> ChampionSetAtAsync(string blob, Dictionary<string, DateTimeOffset?> known, CancellationToken ct)
    {
        var pipeline = new BlobAddress(Containers.Scoring, blob).FirstSegment ?? "";
        if (!known.TryGetValue(pipeline, out var at))
        {
            var alias = service.GetBlobContainerClient(Containers.Models).GetBlobClient(ModelRegistry.AliasBlob(pipeline, ModelRegistry.Champion));
            try
            {
                at = (await alias.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value.LastModified;
            }
            catch (Azure.RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
            {
                at = null;
            }

            known[pipeline] = at;
        }

        return at;
    }

    private async Task HandleAsync(string blob, string etag, bool replace, CancellationToken ct)
    {
        ScoringReceipt receipt;
        try
        {
            var result = await handler.HandleAsync(client, blob, etag, ct).ConfigureAwait(false);
            receipt = new ScoringReceipt(blob, etag, time.GetUtcNow(), result.Status, result.InstanceId, result.Reason);
        }
        catch (FileNotFoundException)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempt = _failures.AddOrUpdate($"{blob}|{etag}", 1, (_, n) => n + 1);
            var max = options.Value.MaxAttempts;
            ScoringLog.FileFailed(logger, ex, blob, etag, attempt, max);
            if (attempt < max)
            {
                return;
            }

            receipt = new ScoringReceipt(blob, etag, time.GetUtcNow(), ScoringArrivalStatuses.Failed, null, $"failed {attempt} times; last error: {ex.Message}");
        }

        _failures.TryRemove($"{blob}|{etag}", out _);
        await receipts.WriteAsync(receipt, replace, ct).ConfigureAwait(false);
    }
}
