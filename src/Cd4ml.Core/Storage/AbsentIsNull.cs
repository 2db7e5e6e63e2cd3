using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Storage;

/// <summary>
/// Reads where a missing blob is an answer, not an error: a run without a report yet, a pipeline without a spec, an
/// alias never moved. One place turns Blob Storage's 404 into null, so stores do not each catch it.
/// </summary>
public static class AbsentIsNull
{
    public static bool IsNotFound(RequestFailedException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Status == (int)HttpStatusCode.NotFound;
    }

    /// <summary>The blob's content and properties, or null when the blob (or its container) does not exist.</summary>
    public static async Task<BlobDownloadResult?> DownloadOrNullAsync(this BlobClient blob, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            return (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>The blob's JSON read as <typeparamref name="T"/> with the project's JSON options, or null when absent.</summary>
    public static async Task<T?> ReadJsonOrNullAsync<T>(this BlobClient blob, CancellationToken ct = default)
        where T : class =>
        await blob.DownloadOrNullAsync(ct).ConfigureAwait(false) is { } content ? content.Content.ToObjectFromJson<T>(SpecJson.Options) : null;
}
