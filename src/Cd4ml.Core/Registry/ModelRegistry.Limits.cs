using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Limits;

namespace Cd4ml.Core.Registry;

// Downloads with a size cap: a model zip is held in memory whole to be hashed and loaded, so its size is checked
// against the cap (and against the manifest) before a byte of it is downloaded.
public sealed partial class ModelRegistry
{
    /// <summary>
    /// Downloads a version's model when its stored size is at most <paramref name="maxBytes"/> and matches the manifest,
    /// and verifies its SHA-256 against the manifest before anyone loads it. The download is pinned to the ETag the size
    /// was read with, so the bytes cannot be swapped for larger ones in between. Throws <see cref="ModelTooLargeException"/>
    /// over the cap (a reported, permanent outcome: the same bytes would be refused again) and <see cref="InvalidDataException"/> when size or hash disagree with the manifest.
    /// </summary>
    public async Task<BinaryData> DownloadVerifiedModelAsync(ModelManifest manifest, long maxBytes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var blob = Models.GetBlobClient($"{VersionFolder(manifest.Pipeline, manifest.Version)}/model.zip");
        var properties = (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        var size = properties.ContentLength;
        if (size > maxBytes)
        {
            throw new ModelTooLargeException(string.Create(CultureInfo.InvariantCulture,
                $"model v{manifest.Version} of {manifest.Pipeline} is {size:N0} bytes, more than the {maxBytes:N0} a model may have, so it was not downloaded; " +
                $"if the model is right, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxModelBytes))}"));
        }

        if (size != manifest.ModelBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"model v{manifest.Version} of {manifest.Pipeline} is {size:N0} bytes, but its manifest says {manifest.ModelBytes:N0}; refusing to load it"));
        }

        var content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, ct)
            .ConfigureAwait(false)).Value.Content;
        var actual = Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));
        return actual == manifest.ModelSha256
            ? content
            : throw new InvalidDataException($"model v{manifest.Version} of {manifest.Pipeline} has SHA-256 {actual}, but its manifest says {manifest.ModelSha256}; refusing to load it");
    }
}

/// <summary>A stored model is over the size cap (<c>Cd4ml:Limits:MaxModelBytes</c>); it was not downloaded.</summary>
public sealed class ModelTooLargeException : Exception
{
    public ModelTooLargeException()
    {
    }

    public ModelTooLargeException(string message)
        : base(message)
    {
    }

    public ModelTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
