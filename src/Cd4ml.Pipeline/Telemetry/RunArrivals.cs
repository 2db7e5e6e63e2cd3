using Azure;
using Azure.Storage.Blobs;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Webhooks;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>
/// When the change behind a run arrived, for <c>cd4ml.lead_time</c>: the pushed commit's time for a webhook run (the
/// change was code or a spec), otherwise the dataset blob's last-modified time (the upload).
/// </summary>
public sealed class RunArrivals(BlobServiceClient service, DeliveryLedger deliveries)
{
    public async Task<DateTimeOffset?> ArrivedAtAsync(RunRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Trigger.DeliveryId is { } deliveryId
            && await deliveries.FindAsync(deliveryId, ct).ConfigureAwait(false) is { CommitTime: { } committedAt })
        {
            return committedAt;
        }

        // Runs record their dataset's arrival themselves; only older records need the blob asked (it may have changed since).
        if (record.Dataset.ArrivedAt is { } arrived)
        {
            return arrived;
        }

        if (!record.Dataset.SourceBlob.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var properties = await BlobAddress.Parse(record.Dataset.SourceBlob).Client(service).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
            return properties.Value.LastModified;
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            // The drop zone may be cleaned up after the snapshot; the run is still counted, only without a lead time.
            return null;
        }
    }
}
