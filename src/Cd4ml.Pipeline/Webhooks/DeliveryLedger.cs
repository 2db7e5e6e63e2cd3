using System.Net;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>What a pipeline got from one webhook delivery.</summary>
/// <param name="Pipeline">The affected pipeline.</param>
/// <param name="Status"><c>started</c>, <c>already-accepted</c>, <c>already-completed</c> or <c>skipped</c>.</param>
/// <param name="RunId">The run, unless skipped.</param>
/// <param name="StatusUri">Where to follow the run: <c>/api/runs/{id}</c>.</param>
/// <param name="Reason">Why it was affected, or why it was skipped.</param>
public sealed record WebhookRun(string Pipeline, string Status, string? RunId, string? StatusUri, string Reason);

/// <summary>
/// The record of one delivery: <c>runs/_receipts/webhooks/{provider}/{deliveryId}.json</c>. It exists from the moment
/// a delivery is accepted for processing, so a redelivery (GitHub retries, a person pressing "Redeliver") starts nothing.
/// </summary>
public sealed record DeliveryRecord(
    string Provider,
    string DeliveryId,
    DateTimeOffset ReceivedAt,
    string Repository,
    string Commit,
    DateTimeOffset? CommitTime,
    string Status,
    IReadOnlyList<WebhookRun> Runs,
    IReadOnlyList<string> Reasons);

/// <summary>Webhook deliveries seen, in the <c>runs</c> container; claimed with <c>If-None-Match: *</c> so two concurrent copies cannot both pass.</summary>
public sealed partial class DeliveryLedger(BlobServiceClient service)
{
    public const string Prefix = "_receipts/webhooks/";

    private static readonly string[] s_providers = [PushEvent.GitHub, PushEvent.AzureDevOps];

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    /// <summary>Delivery ids become blob names, so only GUID-like ids are accepted.</summary>
    public static bool IsValidId(string? deliveryId) => deliveryId is not null && IdPattern().IsMatch(deliveryId);

    public static string BlobName(string provider, string deliveryId) => $"{Prefix}{provider}/{deliveryId}.json";

    /// <summary>Claims the delivery. Null when this call claimed it; the earlier record when it was seen before.</summary>
    public async Task<DeliveryRecord?> TryClaimAsync(DeliveryRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var blob = Runs.GetBlobClient(BlobName(record.Provider, Require(record.DeliveryId)));
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(record, SpecJson.Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return await ReadAsync(record.Provider, record.DeliveryId, ct).ConfigureAwait(false)
                ?? record with { Status = "duplicate", Reasons = ["the delivery is being processed by another call"] };
        }
    }

    /// <summary>Stores what the delivery did (runs and reasons) over the claim.</summary>
    public async Task CompleteAsync(DeliveryRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await Runs.GetBlobClient(BlobName(record.Provider, Require(record.DeliveryId)))
            .UploadAsync(BinaryData.FromObjectAsJson(record, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
    }

    /// <summary>Removes a claim whose processing failed, so the sender's retry is processed instead of answered as a duplicate.</summary>
    public async Task ReleaseAsync(string provider, string deliveryId, CancellationToken ct = default) =>
        await Runs.GetBlobClient(BlobName(provider, Require(deliveryId))).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);

    public async Task<DeliveryRecord?> ReadAsync(string provider, string deliveryId, CancellationToken ct = default)
    {
        return await Runs.GetBlobClient(BlobName(provider, Require(deliveryId))).ReadJsonOrNullAsync<DeliveryRecord>(ct).ConfigureAwait(false);
    }

    /// <summary>The delivery of that id from any provider (a run's trigger records the id, not the provider).</summary>
    public async Task<DeliveryRecord?> FindAsync(string deliveryId, CancellationToken ct = default)
    {
        if (!IsValidId(deliveryId))
        {
            return null;
        }

        foreach (var provider in s_providers)
        {
            if (await ReadAsync(provider, deliveryId, ct).ConfigureAwait(false) is { } record)
            {
                return record;
            }
        }

        return null;
    }

    private static string Require(string deliveryId) =>
        IsValidId(deliveryId) ? deliveryId : throw new ArgumentException($"'{deliveryId}' is not a delivery id (letters, digits and '-', at most 100)");

    [GeneratedRegex("^[A-Za-z0-9-]{1,100}$")]
    private static partial Regex IdPattern();
}
