using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Data;

/// <summary>A dataset blob at one exact content version (its ETag) and the SHA-256 of that content.</summary>
/// <param name="Blob">The blob as <c>{container}/{name}</c>.</param>
/// <param name="ETag">The content version the run read.</param>
/// <param name="Sha256">The hash of that content; empty until the run hashed it.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="ArrivedAt">When the dataset arrived (its blob's last write): runs of one pipeline publish in this order when they race.</param>
public sealed record DatasetVersion(string Blob, string ETag, string Sha256, long Bytes, DateTimeOffset? ArrivedAt = null);

/// <summary>
/// Content-addressed, immutable dataset versions: <c>snapshots/{pipeline}/{sha256}/data.csv</c>.
/// A snapshot is written once (server-side copy) and never changed, so its hash names it forever.
/// </summary>
public sealed class SnapshotStore(BlobServiceClient service)
{
    public static string SnapshotBlob(string pipeline, string sha256) => $"{pipeline}/{sha256}/data.csv";

    /// <summary>
    /// The blob's current version (name, ETag, size) without reading it: what a trigger needs to start a run at once.
    /// <see cref="DatasetVersion.Sha256"/> is empty until the run hashes it.
    /// </summary>
    public async Task<DatasetVersion> LocateAsync(string container, string blobName, CancellationToken ct = default)
    {
        BlobNames.Require(blobName, "dataset blob");
        try
        {
            var properties = await service.GetBlobContainerClient(container).GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
            return new DatasetVersion($"{container}/{blobName}", properties.Value.ETag.ToString(), "", properties.Value.ContentLength, properties.Value.LastModified);
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            throw new FileNotFoundException($"dataset {container}/{blobName} does not exist", $"{container}/{blobName}", ex);
        }
    }

    /// <summary>Hashes a dataset blob in one streaming read, pinned to the ETag it had when the read began.</summary>
    public Task<DatasetVersion> HashAsync(string container, string blobName, CancellationToken ct = default) =>
        HashAsync(new BlobAddress(container, blobName), ct);

    /// <inheritdoc cref="HashAsync(string, string, CancellationToken)"/>
    public async Task<DatasetVersion> HashAsync(BlobAddress address, CancellationToken ct = default)
    {
        var (container, blobName) = address;
        BlobNames.Require(blobName, "dataset blob");
        var blob = address.Client(service);
        BlobDownloadStreamingResult download;
        try
        {
            download = (await blob.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            throw new FileNotFoundException($"dataset {container}/{blobName} does not exist", $"{container}/{blobName}", ex);
        }

        using (download)
        using (var sha = SHA256.Create())
        {
            var hash = await sha.ComputeHashAsync(download.Content, ct).ConfigureAwait(false);
            return new DatasetVersion($"{container}/{blobName}", download.Details.ETag.ToString(), Convert.ToHexStringLower(hash), download.Details.ContentLength, download.Details.LastModified);
        }
    }

    /// <summary>
    /// Copies the dataset into its snapshot unless the snapshot already exists. The copy is server-side and
    /// conditional on the ETag that was hashed, so a dataset overwritten in between is refused, not mislabelled.
    /// </summary>
    public async Task<string> EnsureSnapshotAsync(string pipeline, DatasetVersion dataset, CancellationToken ct = default)
    {
        var target = service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotBlob(pipeline, dataset.Sha256));
        if (await target.ExistsAsync(ct).ConfigureAwait(false))
        {
            return $"{Containers.Snapshots}/{target.Name}";
        }

        var address = BlobAddress.Parse(dataset.Blob);
        var source = address.Client(service);
        try
        {
            var copy = await target.StartCopyFromUriAsync(source.Uri, new BlobCopyFromUriOptions
            {
                SourceConditions = new BlobRequestConditions { IfMatch = new ETag(dataset.ETag) },
                DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct).ConfigureAwait(false);
            await copy.WaitForCompletionAsync(ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict)
        {
            // Another run created the same snapshot first; content addressing makes it the same bytes.
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed)
        {
            // Written again since it was hashed. The same bytes uploaded twice (or copied over) are still this dataset,
            // and its duplicate trigger was answered "already accepted", so this run must not fail: snapshot them under
            // the new ETag. Different bytes are a different dataset, which starts its own run.
            var current = await HashAsync(address, ct).ConfigureAwait(false);
            if (current.Sha256 == dataset.Sha256 && current.ETag != dataset.ETag)
            {
                return await EnsureSnapshotAsync(pipeline, dataset with { ETag = current.ETag }, ct).ConfigureAwait(false);
            }

            throw new InvalidOperationException(
                $"dataset {dataset.Blob} changed after it was hashed (ETag {dataset.ETag}); the new content starts its own run", ex);
        }

        return $"{Containers.Snapshots}/{target.Name}";
    }
}
