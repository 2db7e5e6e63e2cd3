using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Data;

/// <summary>
/// A local copy of each snapshot, downloaded once per process and verified against its SHA-256 before use.
/// Keyed by content hash, so a cached file can never be stale.
/// </summary>
public sealed class SnapshotCache(BlobServiceClient service, string? directory = null)
{
    // A blank setting means "not set", not "the current folder".
    private readonly string _directory = string.IsNullOrWhiteSpace(directory) ? Path.Combine(Path.GetTempPath(), "cd4ml-snapshots") : directory;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<string> GetLocalPathAsync(string pipeline, string sha256, CancellationToken ct = default)
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, $"{sha256}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        var gate = _locks.GetOrAdd(sha256, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (File.Exists(path))
            {
                return path;
            }

            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            var blob = service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(pipeline, sha256));
            try
            {
                await blob.DownloadToAsync(partial, ct).ConfigureAwait(false);
                string actual;
                await using (var file = File.OpenRead(partial))
                {
                    actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct).ConfigureAwait(false));
                }

                // A partial or corrupted download is never used: it must hash to the snapshot's name.
                if (actual != sha256)
                {
                    throw new InvalidDataException($"snapshot {blob.Name} downloaded with SHA-256 {actual}; expected {sha256}");
                }

                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }

            return path;
        }
        finally
        {
            gate.Release();
        }
    }
}
