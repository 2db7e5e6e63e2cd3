using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// The local host's feedback and predictions trigger (the Functions app gets Event Grid's BlobCreated): lists
/// <c>feedback</c> and <c>predictions</c>, starts an evaluation for every blob version (name + ETag) without a receipt,
/// and writes the receipt, <c>monitoring/_receipts/{container}/{blob}/{etag}</c>, once the evaluation is scheduled. Same
/// interval as the dataset poller.
/// </summary>
public sealed partial class MonitoringPoller(
    BlobServiceClient service,
    DurableTaskClient client,
    MonitoringTrigger trigger,
    IOptions<DatasetPollerOptions> options,
    TimeProvider time,
    ILogger<MonitoringPoller> logger) : BackgroundService
{
    public const string ReceiptPrefix = "_receipts/";

    /// <summary>The receipt (in <c>monitoring</c>) of one version of a feedback or predictions blob.</summary>
    public static string ReceiptName(string container, string blob, string etag) => $"{ReceiptPrefix}{container}/{blob}/{etag.Trim('"')}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage down for a moment must not end the poller; the next poll picks up where this one stopped.
                Log.PollFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass over both containers; returns how many evaluations it started.</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct)
    {
        var monitoring = service.GetBlobContainerClient(Containers.Monitoring);
        var receipts = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var receipt in monitoring.GetBlobsAsync(BlobTraits.None, BlobStates.None, ReceiptPrefix, ct).ConfigureAwait(false))
        {
            receipts.Add(receipt.Name);
        }

        var started = 0;
        foreach (var container in new[] { Containers.Feedback, Containers.Predictions })
        {
            await foreach (var blob in service.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, null, ct).ConfigureAwait(false))
            {
                var etag = blob.Properties.ETag?.ToString().Trim('"') ?? "";
                var receipt = ReceiptName(container, blob.Name, etag);
                if (receipts.Contains(receipt) || MonitoringTrigger.PipelineOf(container, blob.Name) is null)
                {
                    continue;
                }

                var id = await trigger.StartAsync(client, container, blob.Name, etag, ct).ConfigureAwait(false);
                try
                {
                    await monitoring.GetBlobClient(receipt).UploadAsync(BinaryData.FromString(id ?? ""),
                        new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412)
                {
                    // Another poller wrote it first; the evaluation itself is deduplicated by instance id.
                }

                Log.Started(logger, container, blob.Name, id ?? "");
                started++;
            }
        }

        return started;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "{Container}/{Blob} arrived: monitoring evaluation {InstanceId}")]
        public static partial void Started(ILogger logger, string container, string blob, string instanceId);

        [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Monitoring poll failed; trying again at the next interval")]
        public static partial void PollFailed(ILogger logger, Exception ex);
    }
}
