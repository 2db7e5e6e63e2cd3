using System.Globalization;
using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>One version of a scoring file handled by the local poller, and what became of it.</summary>
public sealed record ScoringReceipt(string Blob, string ETag, DateTimeOffset HandledAt, string Status, string? InstanceId, string? Reason);

/// <summary>
/// Receipts of the local scoring poller: <c>runs/_receipts/scoring/{blob name}/{etag}.json</c>, one per version of a
/// dropped file, with the status also in metadata so one listing tells the poller everything (as for datasets).
/// </summary>
public sealed class ScoringReceipts(BlobServiceClient service)
{
    public const string Prefix = "_receipts/scoring/";

    private const string StatusKey = "status";
    private const string HandledAtKey = "handledat";

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    public static string BlobName(string scoringBlob, string etag)
    {
        ArgumentNullException.ThrowIfNull(scoringBlob);
        ArgumentNullException.ThrowIfNull(etag);
        var key = BlobNames.Problem(scoringBlob) is null && scoringBlob.Length <= 900
            ? scoringBlob
            : $"_unsafe/{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scoringBlob)))}";
        return $"{Prefix}{key}/{etag.Trim('"')}.json";
    }

    /// <summary>Every receipt's status and time, keyed by <see cref="BlobName"/>.</summary>
    public async Task<IReadOnlyDictionary<string, (string Status, DateTimeOffset HandledAt)>> ListAsync(CancellationToken ct = default)
    {
        var receipts = new Dictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal);
        await foreach (var blob in Runs.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Prefix, ct).ConfigureAwait(false))
        {
            var status = blob.Metadata.TryGetValue(StatusKey, out var s) ? s : "";
            var at = blob.Metadata.TryGetValue(HandledAtKey, out var a)
                && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : blob.Properties.LastModified ?? DateTimeOffset.MinValue;
            receipts[blob.Name] = (status, at);
        }

        return receipts;
    }

    /// <summary>Writes a receipt; a first one only if none exists (two pollers racing: the first stands).</summary>
    public async Task<bool> WriteAsync(ScoringReceipt receipt, bool replace, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                [StatusKey] = receipt.Status,
                [HandledAtKey] = receipt.HandledAt.ToString("O", CultureInfo.InvariantCulture),
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

    public Task<ScoringReceipt?> ReadAsync(string scoringBlob, string etag, CancellationToken ct = default) =>
        Runs.GetBlobClient(BlobName(scoringBlob, etag)).ReadJsonOrNullAsync<ScoringReceipt>(ct);
}
