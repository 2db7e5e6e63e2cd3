using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>The statuses a dataset receipt records.</summary>
public static class ReceiptStatuses
{
    // started, already-accepted and already-completed come from StartStatuses.

    /// <summary>Not a dataset of any pipeline (wrong folder, bad name); never handled again.</summary>
    public const string Ignored = "ignored";

    /// <summary>No usable spec yet (unknown or invalid pipeline); handled again once its spec is pushed or changed.</summary>
    public const string WaitingForPipeline = "waiting-for-pipeline";

    /// <summary>Handling kept failing; the reason is recorded and it is not retried.</summary>
    public const string Failed = "failed";
}

/// <summary>One dataset version handled by the local poller, and what became of it.</summary>
public sealed record DatasetReceipt(string Blob, string ETag, DateTimeOffset HandledAt, string Status, string? RunId, string? Sha256, string? Reason);

/// <summary>What a receipt listing shows without reading each receipt.</summary>
public sealed record ReceiptSummary(string Status, DateTimeOffset HandledAt);

/// <summary>
/// Receipts of the local dataset poller: <c>runs/_receipts/datasets/{dataset blob name}/{etag}.json</c>, one per
/// version (name + ETag) of a dropped blob. They live in storage, not in memory, so a restarted <c>cd4ml serve</c>
/// does not handle the same drop again, and an overwritten blob (new ETag) is handled as new data. The status is
/// also blob metadata, so one listing tells the poller everything.
/// </summary>
public sealed class DatasetReceipts(BlobServiceClient service)
{
    public const string Prefix = "_receipts/datasets/";

    private const string StatusKey = "status";
    private const string HandledAtKey = "handledat";

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    /// <summary>
    /// The receipt of one version of a dataset blob. A name that is not a safe blob name (it will only ever be ignored)
    /// is keyed by its hash instead, so the receipt's own name stays valid.
    /// </summary>
    public static string BlobName(string datasetBlob, string etag)
    {
        ArgumentNullException.ThrowIfNull(datasetBlob);
        ArgumentNullException.ThrowIfNull(etag);
        var key = BlobNames.Problem(datasetBlob) is null && datasetBlob.Length <= 900
            ? datasetBlob
            : $"_unsafe/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(datasetBlob)))}";
        return $"{Prefix}{key}/{etag.Trim('"')}.json";
    }

    /// <summary>Every receipt, keyed by its blob name (<see cref="BlobName"/>).</summary>
    public async Task<IReadOnlyDictionary<string, ReceiptSummary>> ListAsync(CancellationToken ct = default)
    {
        var receipts = new Dictionary<string, ReceiptSummary>(StringComparer.Ordinal);
        await foreach (var blob in Runs.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Prefix, ct).ConfigureAwait(false))
        {
            var status = blob.Metadata.TryGetValue(StatusKey, out var s) ? s : "";
            var at = blob.Metadata.TryGetValue(HandledAtKey, out var a) && DateTimeOffset.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : blob.Properties.LastModified ?? DateTimeOffset.MinValue;
            receipts[blob.Name] = new ReceiptSummary(status, at);
        }

        return receipts;
    }

    /// <summary>
    /// Writes a receipt. A first receipt is created with <c>If-None-Match: *</c>: when two pollers race, the first
    /// one's record stands (the runs themselves are deduplicated by run id either way). Returns false when one existed.
    /// </summary>
    public async Task<bool> WriteAsync(DatasetReceipt receipt, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                [StatusKey] = receipt.Status,
                [HandledAtKey] = receipt.HandledAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
            Conditions = replace ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await Runs.GetBlobClient(BlobName(receipt.Blob, receipt.ETag)).UploadAsync(BinaryData.FromObjectAsJson(receipt, SpecJson.Options), options, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async Task<DatasetReceipt?> ReadAsync(string datasetBlob, string etag, CancellationToken ct = default)
    {
        return await Runs.GetBlobClient(BlobName(datasetBlob, etag)).ReadJsonOrNullAsync<DatasetReceipt>(ct).ConfigureAwait(false);
    }
}
