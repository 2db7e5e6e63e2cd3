using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>A dataset blob as a listing shows it: enough to pick the newest and to tell whether it changed.</summary>
public sealed record DatasetBlob(string Name, string ETag, DateTimeOffset LastModified);

/// <summary>The drop zone, <c>datasets/{pipeline}/</c>, as the webhook and schedule triggers see it.</summary>
public sealed class DatasetCatalog(BlobServiceClient service)
{
    /// <summary>
    /// The most recently modified dataset of a pipeline, or null when it has none. Webhook and scheduled runs use it:
    /// they retrain on the current data, they do not bring data of their own.
    /// </summary>
    public async Task<DatasetBlob?> NewestAsync(string pipeline, CancellationToken ct = default)
    {
        DatasetBlob? newest = null;
        var datasets = service.GetBlobContainerClient(Containers.Datasets);
        await foreach (var blob in datasets.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
        {
            if (blob.Properties.LastModified is not { } at)
            {
                continue;
            }

            // Ties (same second) go to the later name, so the choice does not depend on listing order.
            if (newest is null || at > newest.LastModified || (at == newest.LastModified && string.CompareOrdinal(blob.Name, newest.Name) > 0))
            {
                newest = new DatasetBlob(blob.Name, blob.Properties.ETag?.ToString() ?? "", at);
            }
        }

        return newest;
    }
}
