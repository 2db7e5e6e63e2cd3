using System.Globalization;
using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>What a receipt listing shows without reading each receipt.</summary>
public sealed record ReceiptSummary(string Status, DateTimeOffset HandledAt);

/// <summary>
/// The receipts a local drop-zone poller keeps (datasets, scoring files): <c>runs/{prefix}{blob name}/{etag}.json</c>,
/// one per version (name + ETag) of a dropped blob. They live in storage, not in memory, so a restarted
/// <c>cd4ml serve</c> does not handle the same drop again, and an overwritten blob (new ETag) is handled as new data.
/// The status is also blob metadata, so one listing tells the poller everything.
/// </summary>
/// <typeparam name="TReceipt">The poller's own record of what became of a drop.</typeparam>
public sealed class ReceiptLedger<TReceipt>(BlobServiceClient service, string prefix)
    where TReceipt : class
{
    private const string StatusKey = "status";
    private const string HandledAtKey = "handledat";

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    /// <summary>Every receipt, keyed by its blob name (<see cref="ReceiptNames.For"/>).</summary>
    public async Task<IReadOnlyDictionary<string, ReceiptSummary>> ListAsync(CancellationToken ct = default)
    {
        var receipts = new Dictionary<string, ReceiptSummary>(StringComparer.Ordinal);
        await foreach (var blob in Runs.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, ct).ConfigureAwait(false))
        {
            var status = blob.Metadata.TryGetValue(StatusKey, out var s) ? s : "";
            var at = blob.Metadata.TryGetValue(HandledAtKey, out var a)
                && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : blob.Properties.LastModified ?? DateTimeOffset.MinValue;
            receipts[blob.Name] = new ReceiptSummary(status, at);
        }

        return receipts;
    }

    /// <summary>
    /// Writes a receipt. A first receipt is created with <c>If-None-Match: *</c>: when two pollers race, the first
    /// one's record stands (what they start is deduplicated by instance id either way). Returns false when one existed.
    /// </summary>
    public async Task<bool> WriteAsync(string blob, string etag, ReceiptSummary summary, TReceipt receipt, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                [StatusKey] = summary.Status,
                [HandledAtKey] = summary.HandledAt.ToString("O", CultureInfo.InvariantCulture),
            },
            Conditions = replace ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await Runs.GetBlobClient(ReceiptNames.For(prefix, blob, etag)).UploadAsync(BinaryData.FromObjectAsJson(receipt, SpecJson.Options), options, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public Task<TReceipt?> ReadAsync(string blob, string etag, CancellationToken ct = default) =>
        Runs.GetBlobClient(ReceiptNames.For(prefix, blob, etag)).ReadJsonOrNullAsync<TReceipt>(ct);
}

/// <summary>Receipt blob names.</summary>
public static class ReceiptNames
{
    /// <summary>
    /// The receipt of one version of a dropped blob. A name that is not a safe blob name (it will only ever be
    /// ignored) is keyed by its hash instead, so the receipt's own name stays valid.
    /// </summary>
    public static string For(string prefix, string droppedBlob, string etag)
    {
        ArgumentNullException.ThrowIfNull(droppedBlob);
        ArgumentNullException.ThrowIfNull(etag);
        var key = BlobNames.Problem(droppedBlob) is null && droppedBlob.Length <= 900
            ? droppedBlob
            : $"_unsafe/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(droppedBlob)))}";
        return $"{prefix}{key}/{etag.Trim('"')}.json";
    }
}
