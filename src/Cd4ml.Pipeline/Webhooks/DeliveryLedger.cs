using System.Net;
using System.Security.Cryptography;
using System.Text;
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

/// <summary>
/// Webhook deliveries seen, in the <c>runs</c> container; claimed with <c>If-None-Match: *</c> so two concurrent copies
/// cannot both pass. Each delivery also claims its (repository, commit): <c>X-GitHub-Delivery</c> is not covered by the
/// signature, so a captured push replayed under a fresh delivery id is answered as the duplicate it is.
/// </summary>
public sealed partial class DeliveryLedger(BlobServiceClient service)
{
    public const string Prefix = "_receipts/webhooks/";

    /// <summary>The status of a claim whose delivery is being processed.</summary>
    public const string Received = "received";

    private static readonly string[] s_providers = [PushEvent.GitHub, PushEvent.AzureDevOps];

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    /// <summary>Delivery ids become blob names, so only GUID-like ids are accepted.</summary>
    public static bool IsValidId(string? deliveryId) => deliveryId is not null && IdPattern().IsMatch(deliveryId);

    public static string BlobName(string provider, string deliveryId) => $"{Prefix}{provider}/{deliveryId}.json";

    /// <summary>
    /// The claim of one commit of one repository: <c>{provider}/commits/{repository key}/{commit}.json</c>. The key is
    /// the first 16 hex characters of the SHA-256 of the lower-case repository name, which may hold any character.
    /// </summary>
    public static string CommitBlobName(string provider, string repository, string commit)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (!CommitIds.IsValid(commit))
        {
            throw new ArgumentException($"'{commit}': {CommitIds.Rule}", nameof(commit));
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository.ToLowerInvariant())))[..16];
        return $"{Prefix}{provider}/commits/{key}/{commit.ToLowerInvariant()}.json";
    }

    /// <summary>
    /// Claims the delivery and its (repository, commit). Null when this call claimed both; otherwise the record of the
    /// delivery seen before: this very delivery id, or (a different <see cref="DeliveryRecord.DeliveryId"/>) the
    /// delivery that brought the same commit, in which case this delivery is recorded as a duplicate of it. A claim
    /// still <see cref="Received"/> after <paramref name="takeOverAfter"/> was left by a process that died while
    /// handling it, and is taken over (compare-and-swap on its ETag, so only one caller can).
    /// </summary>
    public async Task<DeliveryRecord?> TryClaimAsync(DeliveryRecord record, TimeSpan? takeOverAfter = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var limit = takeOverAfter ?? Timeout.InfiniteTimeSpan;
        var delivery = Runs.GetBlobClient(BlobName(record.Provider, Require(record.DeliveryId)));
        if (await ClaimAsync(delivery, record, limit, sameDelivery: false, ct).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        if (!CommitIds.IsValid(record.Commit))
        {
            return null;
        }

        var commit = Runs.GetBlobClient(CommitBlobName(record.Provider, record.Repository, record.Commit));
        if (await ClaimAsync(commit, record, limit, sameDelivery: true, ct).ConfigureAwait(false) is not { } first)
        {
            return null;
        }

        // The same commit came before under another delivery id: a replay or a second webhook. Record this delivery as its duplicate.
        var original = await ReadAsync(first.Provider, first.DeliveryId, ct).ConfigureAwait(false) ?? first;
        var reason = $"commit {record.Commit} of {record.Repository} was already received as delivery {original.DeliveryId} ({original.Status})";
        await delivery.UploadAsync(BinaryData.FromObjectAsJson(record with { Status = "duplicate", Runs = original.Runs, Reasons = [reason] }, SpecJson.Options),
            overwrite: true, ct).ConfigureAwait(false);
        return original with { Reasons = [reason, .. original.Reasons] };
    }

    /// <summary>Stores what the delivery did (runs and reasons) over the claim, and over its commit's claim.</summary>
    public async Task CompleteAsync(DeliveryRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var content = BinaryData.FromObjectAsJson(record, SpecJson.Options);
        if (CommitIds.IsValid(record.Commit))
        {
            await Runs.GetBlobClient(CommitBlobName(record.Provider, record.Repository, record.Commit)).UploadAsync(content, overwrite: true, ct).ConfigureAwait(false);
        }

        await Runs.GetBlobClient(BlobName(record.Provider, Require(record.DeliveryId))).UploadAsync(content, overwrite: true, ct).ConfigureAwait(false);
    }

    /// <summary>Removes a claim whose processing failed, so the sender's retry is processed instead of answered as a duplicate.</summary>
    public async Task ReleaseAsync(DeliveryRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (CommitIds.IsValid(record.Commit))
        {
            await Runs.GetBlobClient(CommitBlobName(record.Provider, record.Repository, record.Commit)).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }

        await Runs.GetBlobClient(BlobName(record.Provider, Require(record.DeliveryId))).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Creates the claim blob; null when claimed (new, or a stale claim taken over), otherwise the record holding it.</summary>
    private static async Task<DeliveryRecord?> ClaimAsync(BlobClient blob, DeliveryRecord record, TimeSpan takeOverAfter, bool sameDelivery, CancellationToken ct)
    {
        var content = BinaryData.FromObjectAsJson(record, SpecJson.Options);
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
        }

        BlobDownloadResult existing;
        try
        {
            existing = (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Released in between: whoever claims it next gets it; this call reports it as being processed.
            return record with { Status = "duplicate", Reasons = ["the delivery is being processed by another call"] };
        }

        var holder = existing.Content.ToObjectFromJson<DeliveryRecord>(SpecJson.Options)!;
        var stale = holder.Status == Received && takeOverAfter != Timeout.InfiniteTimeSpan && record.ReceivedAt - holder.ReceivedAt > takeOverAfter;
        // A commit claim left by this very delivery (taken over just now) belongs to it.
        var own = sameDelivery && holder.Status == Received && holder.Provider == record.Provider && holder.DeliveryId == record.DeliveryId;
        if (!stale && !own)
        {
            return holder;
        }

        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = existing.Details.ETag } }, ct).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // Another redelivery took it over first.
            return record with { Status = "duplicate", Reasons = ["the delivery is being processed by another call"] };
        }
    }

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
