using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>Reads of one exact version of a scoring file: every read names the ETag, so an overwrite mid-way fails instead of mixing versions.</summary>
public sealed class ScoringStorage(BlobServiceClient service)
{
    public BlobServiceClient Service => service;

    public BlobClient Input(ScoringRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ScoringBlobs.Input(request.Pipeline, request.Name).Client(service);
    }

    /// <summary>Bytes [offset, offset+length) of the version named by the request's ETag.</summary>
    public async Task<Stream> OpenRangeAsync(ScoringRequest request, long offset, long length, CancellationToken ct = default)
    {
        if (length == 0)
        {
            return new MemoryStream([], writable: false);
        }

        try
        {
            var download = await Input(request).DownloadStreamingAsync(new BlobDownloadOptions
            {
                Range = new HttpRange(offset, length),
                Conditions = new BlobRequestConditions { IfMatch = new ETag(request.ETag) },
            }, ct).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new InvalidDataException($"{request.Source} was overwritten while it was scored (ETag {request.ETag} is gone); the new version is scored on its own");
        }
    }

    /// <summary>The whole version named by the request's ETag.</summary>
    public async Task<Stream> OpenAsync(ScoringRequest request, CancellationToken ct = default)
    {
        try
        {
            var download = await Input(request).DownloadStreamingAsync(new BlobDownloadOptions
            {
                Conditions = new BlobRequestConditions { IfMatch = new ETag(request.ETag) },
            }, ct).ConfigureAwait(false);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new InvalidDataException($"{request.Source} was overwritten before it was scored (ETag {request.ETag} is gone); the new version is scored on its own");
        }
    }

    /// <summary>The header's column names (the first <paramref name="headerBytes"/> bytes).</summary>
    public async Task<IReadOnlyList<string>> ReadHeaderAsync(ScoringRequest request, long headerBytes, CancellationToken ct = default)
    {
        using var reader = new CsvRecordReader(await OpenRangeAsync(request, 0, headerBytes, ct).ConfigureAwait(false));
        return BatchScorer.ReadHeader(reader);
    }

    /// <summary>Deletes a scoring's staged parts.</summary>
    public async Task DeleteStagingAsync(string pipeline, string instanceId, CancellationToken ct = default)
    {
        var runs = service.GetBlobContainerClient(Containers.Runs);
        await foreach (var part in runs.GetBlobsAsync(BlobTraits.None, BlobStates.None, ScoringBlobs.StagingFolder(pipeline, instanceId), ct).ConfigureAwait(false))
        {
            await runs.GetBlobClient(part.Name).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }
    }
}
