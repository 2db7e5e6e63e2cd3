using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Data;

/// <summary>
/// The profile of each snapshot, <c>snapshots/{pipeline}/{sha256}/profile.json</c>, written beside it. A profile
/// is a function of the snapshot's bytes, so it is computed once and then only read: by the data checks, by
/// training (column types) and, as the champion's training profile, by the next run's drift check.
/// A profile is also a function of the caps it was made under (<see cref="ProfileOptions.MaxColumns"/> and the like):
/// one made under other settings is made again, so raising a cap lets a refused file through on its next run.
/// <paramref name="threads"/> is how many threads profile a snapshot (0: one per core); it does not change the profile.
/// </summary>
public sealed class ProfileStore(BlobServiceClient service, ProfileOptions? options = null, int threads = DatasetProfiler.EveryCore)
{
    private readonly ProfileOptions _options = options ?? ProfileOptions.Default;

    // A run reads the same profile once per check activity, candidate and champion score; a profile never changes
    // (its blob is named by the snapshot's hash), so keeping the few most recent in memory is always correct.
    private const int CachedProfiles = 16;
    private readonly ConcurrentDictionary<string, DatasetProfile> _recent = new(StringComparer.Ordinal);

    public static string ProfileBlob(string pipeline, string sha256) => $"{pipeline}/{sha256}/profile.json";

    /// <summary>
    /// Reads the snapshot once, streaming: the same pass hashes and profiles it. Throws when the bytes do not
    /// hash to the snapshot's name (a corrupted snapshot must never be checked or trained on).
    /// </summary>
    public async Task<DatasetProfile> ProfileSnapshotAsync(string pipeline, string sha256, CancellationToken ct = default)
    {
        var existing = await GetAsync(pipeline, sha256, ct).ConfigureAwait(false);
        if (existing is not null && existing.Options == _options)
        {
            return existing;
        }

        var snapshot = service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(pipeline, sha256));
        DatasetProfile profile;
        using (var download = (await snapshot.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value)
        {
            profile = DatasetProfiler.Profile(download.Content, _options, threads, ct);
        }

        if (profile.Sha256 != sha256)
        {
            throw new InvalidDataException($"snapshot {snapshot.Name} read with SHA-256 {profile.Sha256}; expected {sha256}");
        }

        var target = service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(ProfileBlob(pipeline, sha256));
        try
        {
            await target.UploadAsync(BinaryData.FromString(ProfileJson.Serialize(profile)), new BlobUploadOptions
            {
                // Replaces only a profile made under other caps; otherwise a concurrent run's is as good as this one.
                Conditions = existing is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // Written by a concurrent run of the same content: the same bytes give the same profile.
        }

        _recent.TryRemove(ProfileBlob(pipeline, sha256), out _);
        return Remember(pipeline, sha256, profile);
    }

    /// <summary>The stored profile of a snapshot, or null when it has none (older snapshots, or not profiled yet).</summary>
    public async Task<DatasetProfile?> GetAsync(string pipeline, string sha256, CancellationToken ct = default)
    {
        if (_recent.TryGetValue(ProfileBlob(pipeline, sha256), out var known))
        {
            return known;
        }

        var blob = service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(ProfileBlob(pipeline, sha256));
        var content = await blob.DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? null : Remember(pipeline, sha256, ProfileJson.Deserialize(content.Content.ToString()));
    }

    private DatasetProfile Remember(string pipeline, string sha256, DatasetProfile profile)
    {
        if (_recent.Count >= CachedProfiles)
        {
            _recent.Clear();
        }

        return _recent.GetOrAdd(ProfileBlob(pipeline, sha256), profile);
    }
}
