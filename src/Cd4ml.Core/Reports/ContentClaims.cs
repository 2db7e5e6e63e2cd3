using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Reports;

/// <summary>Who ran a dataset's content with a spec: <c>runs/{pipeline}/_content/{contentRunId}.json</c>.</summary>
public sealed record ContentClaim(string RunId, DateTimeOffset ClaimedAt);

/// <summary>What became of a run's claim on its dataset content.</summary>
/// <param name="DuplicateOf">Another run has the content; this one should end as "already ran". Null: this run has it.</param>
/// <param name="Reason">Why, for the run record.</param>
public sealed record ContentClaimResult(string? DuplicateOf, string Reason);

/// <summary>
/// One run per dataset content and spec, whatever blob versions carry the bytes: the first run to hash the content
/// claims it (create-only blob); a later run for the same bytes (a re-upload, a copy) finds the claim and ends as a
/// duplicate. A claim whose run failed is taken over, so a failure can be retried by dropping the data again.
/// </summary>
public sealed class ContentClaims(BlobServiceClient service, RunReportStore reports)
{
    public static string ClaimBlob(string pipeline, string contentRunId) => $"{pipeline}/_content/{contentRunId}.json";

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    /// <param name="pipeline">The pipeline.</param>
    /// <param name="contentRunId">The content-addressed id (dataset SHA-256, spec, code version, commit).</param>
    /// <param name="runId">The run claiming it.</param>
    /// <param name="at">Now.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ContentClaimResult> ClaimAsync(string pipeline, string contentRunId, string runId, DateTimeOffset at, CancellationToken ct = default)
    {
        var blob = Runs.GetBlobClient(ClaimBlob(pipeline, contentRunId));
        var claim = BinaryData.FromObjectAsJson(new ContentClaim(runId, at), SpecJson.Options);
        // Runs from before claims existed were named by their content: their report is the claim.
        if (contentRunId != runId && await reports.ReadAsync(pipeline, contentRunId, ct).ConfigureAwait(false) is { Outcome: not RunOutcome.Failed } legacy)
        {
            return new ContentClaimResult(contentRunId, Ran(contentRunId, legacy));
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await blob.UploadAsync(claim, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
                return new ContentClaimResult(null, "first run of this content");
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Claimed already: by this run (a retried activity), by a run that ran, or by one that failed.
            }

            Response<BlobDownloadResult> existing;
            try
            {
                existing = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
            {
                continue;
            }

            var holder = existing.Value.Content.ToObjectFromJson<ContentClaim>(SpecJson.Options)!;
            if (holder.RunId == runId)
            {
                return new ContentClaimResult(null, "first run of this content");
            }

            var report = await reports.ReadAsync(pipeline, holder.RunId, ct).ConfigureAwait(false);
            if (report is null)
            {
                return new ContentClaimResult(holder.RunId, $"the same dataset content and spec are being run as {holder.RunId}; nothing to do twice");
            }

            if (report.Outcome != RunOutcome.Failed)
            {
                return new ContentClaimResult(holder.RunId, Ran(holder.RunId, report));
            }

            try
            {
                // Its run failed: take the claim over, unless another run just did.
                await blob.UploadAsync(claim, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfMatch = existing.Value.Details.ETag } }, ct).ConfigureAwait(false);
                return new ContentClaimResult(null, $"run {holder.RunId} of this content failed; running it again");
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                continue;
            }
        }

        throw new InvalidOperationException($"could not claim the content of run {runId}: the claim {ClaimBlob(pipeline, contentRunId)} kept changing");
    }

    private static string Ran(string runId, RunRecord report) =>
        $"the same dataset content and spec already ran as {runId} ({report.Outcome}: {report.Message}); nothing to do twice";
}
