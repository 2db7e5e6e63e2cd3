using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Data;

/// <summary>
/// A local copy of each snapshot, downloaded once per process and verified against its SHA-256 before use.
/// Keyed by content hash, so a cached file can never be stale; and a file found in the folder is never trusted by its
/// name: it is hashed before this process first uses it, and replaced when it does not match.
/// </summary>
/// <remarks>
/// The folder is private: the default one is per user under the temporary folder, and every folder is created (or
/// narrowed) to owner-only access on Unix, so another account cannot plant a file for a training run to read. The
/// folder is capped at <see cref="MaxBytes"/>: after each download, the least recently used files go first. A file used
/// within <see cref="InUseWindow"/> is never evicted (ML.NET re-opens the file on every pass over the data), so the cap
/// is exceeded rather than a running activity broken.
/// </remarks>
public sealed class SnapshotCache
{
    /// <summary>The cap when none is configured: 4 GiB.</summary>
    public const long DefaultMaxBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>Longer than any activity may run (host.json <c>functionTimeout</c> is one hour).</summary>
    public static readonly TimeSpan InUseWindow = TimeSpan.FromHours(1);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly BlobServiceClient _service;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _verified = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _eviction = new(1, 1);

    /// <param name="service">Blob storage holding the snapshots.</param>
    /// <param name="directory">The folder (<c>Cd4ml:SnapshotCacheDirectory</c>); blank: <c>cd4ml-snapshots-{user}</c> in the temporary folder.</param>
    /// <param name="maxBytes">The cap on the folder's size (<c>Cd4ml:SnapshotCacheMaxBytes</c>); null: <see cref="DefaultMaxBytes"/>.</param>
    public SnapshotCache(BlobServiceClient service, string? directory = null, long? maxBytes = null)
    {
        _service = service;
        // A blank setting means "not set", not "the current folder".
        Directory = string.IsNullOrWhiteSpace(directory) ? Path.Combine(Path.GetTempPath(), $"cd4ml-snapshots-{Environment.UserName}") : directory;
        MaxBytes = maxBytes ?? DefaultMaxBytes;
        if (MaxBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "Cd4ml:SnapshotCacheMaxBytes must be a positive number of bytes");
        }
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>The folder's size cap in bytes.</summary>
    public long MaxBytes { get; }

    public async Task<string> GetLocalPathAsync(string pipeline, string sha256, CancellationToken ct = default)
    {
        EnsurePrivateFolder();
        var path = Path.Combine(Directory, $"{sha256}.csv");
        if (IsVerified(path))
        {
            Touch(path);
            return path;
        }

        var gate = _locks.GetOrAdd(sha256, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (IsVerified(path))
            {
                Touch(path);
                return path;
            }

            // A file this process did not write or check: trust its content, not its name.
            if (File.Exists(path) && await HashOfAsync(path, ct).ConfigureAwait(false) == sha256)
            {
                Remember(path);
                Touch(path);
                return path;
            }

            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            var blob = _service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(pipeline, sha256));
            try
            {
                await blob.DownloadToAsync(partial, ct).ConfigureAwait(false);
                var actual = await HashOfAsync(partial, ct).ConfigureAwait(false);

                // A partial or corrupted download is never used: it must hash to the snapshot's name.
                if (actual != sha256)
                {
                    throw new InvalidDataException($"snapshot {blob.Name} downloaded with SHA-256 {actual}; expected {sha256}");
                }

                File.Move(partial, path, overwrite: true);
                Remember(path);
            }
            finally
            {
                File.Delete(partial);
            }

            await EvictAsync(keep: path, ct).ConfigureAwait(false);
            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes the least recently used files until the folder fits <see cref="MaxBytes"/>, sparing files in use.</summary>
    private async Task EvictAsync(string keep, CancellationToken ct)
    {
        await _eviction.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var files = new DirectoryInfo(Directory).GetFiles("*.csv").OrderBy(f => f.LastWriteTimeUtc).ToList();
            var total = files.Sum(f => f.Length);
            var inUseSince = DateTime.UtcNow - InUseWindow;
            foreach (var file in files)
            {
                if (total <= MaxBytes)
                {
                    break;
                }

                if (file.FullName == Path.GetFullPath(keep) || file.LastWriteTimeUtc > inUseSince)
                {
                    continue;
                }

                var length = file.Length;
                try
                {
                    file.Delete();
                    _verified.TryRemove(file.FullName, out _);
                    total -= length;
                }
                catch (IOException)
                {
                    // Another process of the same user removed or is replacing it; its size no longer counts here or will be seen next time.
                }
            }
        }
        finally
        {
            _eviction.Release();
        }
    }

    private void EnsurePrivateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
            return;
        }

        System.IO.Directory.CreateDirectory(Directory, OwnerOnly);
        if ((File.GetUnixFileMode(Directory) & ~OwnerOnly) != 0)
        {
            try
            {
                File.SetUnixFileMode(Directory, OwnerOnly);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new UnauthorizedAccessException(
                    $"the snapshot cache folder {Directory} is open to other users and belongs to another account; set Cd4ml:SnapshotCacheDirectory (Cd4ml__SnapshotCacheDirectory) to a folder of your own", ex);
            }
        }
    }

    private bool IsVerified(string path)
    {
        var full = Path.GetFullPath(path);
        if (!_verified.TryGetValue(full, out var length))
        {
            return false;
        }

        var info = new FileInfo(full);
        // The folder is private, so only this user's processes write it; a file they replaced with another length is re-hashed.
        return info.Exists && info.Length == length;
    }

    private void Remember(string path)
    {
        var info = new FileInfo(path);
        _verified[info.FullName] = info.Length;
    }

    /// <summary>Marks the file as just used: eviction goes by last use.</summary>
    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Evicted by another process of the same user in between; the caller's next read will say so.
        }
    }

    private static async Task<string> HashOfAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct).ConfigureAwait(false));
    }
}
