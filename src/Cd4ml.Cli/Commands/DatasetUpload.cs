using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Data;
using Cd4ml.Core.Storage;

namespace Cd4ml.Cli.Commands;

/// <summary>A dataset that cannot be uploaded without replacing data that has not run yet; the message says what to do.</summary>
public sealed class DatasetUploadException(string message) : Exception(message);

/// <summary>
/// <c>cd4ml run</c>'s upload of a local file to <c>datasets/{pipeline}/{file name}</c>. Every write is
/// <c>If-None-Match: *</c>, so a blob that appears between any check and the write is never overwritten. A blob of the
/// same name with the same bytes (its <c>sha256</c> metadata) is reused. One with other bytes that has been snapshotted
/// already ran, so the file goes beside it under a name with its hash; one that has not (or whose content is unknown)
/// may still be waiting for its run, so the upload stops with an error.
/// </summary>
public static class DatasetUpload
{
    public const string Sha256Metadata = "sha256";

    /// <returns>The blob name in <c>datasets</c> the run should use.</returns>
    public static async Task<string> UploadAsync(BlobServiceClient service, string pipeline, FileInfo file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(file);
        string sha;
        await using (var stream = file.OpenRead())
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
        }

        var container = service.GetBlobContainerClient(Containers.Datasets);
        var plain = BlobNames.Require($"{pipeline}/{file.Name}", "dataset blob");
        var hashed = BlobNames.Require($"{pipeline}/{Path.GetFileNameWithoutExtension(file.Name)}.{sha[..12]}{file.Extension}", "dataset blob");
        foreach (var name in (string[])[plain, hashed])
        {
            var blob = container.GetBlobClient(name);
            if (await TryCreateAsync(blob, file, sha, ct).ConfigureAwait(false))
            {
                return name;
            }

            var existing = (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value.Metadata;
            var existingSha = existing.TryGetValue(Sha256Metadata, out var value) ? value : null;
            if (existingSha == sha)
            {
                return name;
            }

            var snapshotted = existingSha is not null
                && (await service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(pipeline, existingSha)).ExistsAsync(ct).ConfigureAwait(false)).Value;
            if (name == hashed || !snapshotted)
            {
                throw new DatasetUploadException(
                    $"{Containers.Datasets}/{name} already exists with other content that has not been snapshotted yet (its run may not have started), " +
                    $"so {file.FullName} was not uploaded over it. Wait for that dataset's run (cd4ml runs list), give your file another name, " +
                    $"or delete {Containers.Datasets}/{name} if it should not run.");
            }
        }

        throw new InvalidOperationException("unreachable: the hashed name either was created, reused or refused");
    }

    private static async Task<bool> TryCreateAsync(BlobClient blob, FileInfo file, string sha, CancellationToken ct)
    {
        try
        {
            await blob.UploadAsync(file.FullName, new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha },
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}
