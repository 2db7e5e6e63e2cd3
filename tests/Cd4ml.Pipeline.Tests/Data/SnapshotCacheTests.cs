using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Data;
using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests.Data;

/// <summary>Issue 13, item 12: the local snapshot cache is private, verifies what it finds, and is capped.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SnapshotCacheTests(AzuriteFixture storage) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cd4ml-cache-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_found_in_the_folder_under_a_snapshot_name_is_hashed_and_a_planted_one_is_replaced()
    {
        var pipeline = Samples.UniquePipelineName("cache");
        var sha = await UploadSnapshotAsync(pipeline, "a,b\n1,2\n");
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Path.Combine(_folder, $"{sha}.csv"), "a,b\n666,666\n");

        var path = await new SnapshotCache(storage.Client, _folder).GetLocalPathAsync(pipeline, sha);

        Assert.Equal("a,b\n1,2\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_default_folder_belongs_to_the_user_alone()
    {
        var pipeline = Samples.UniquePipelineName("cache");
        var sha = await UploadSnapshotAsync(pipeline, "a,b\n3,4\n");
        var cache = new SnapshotCache(storage.Client);

        await cache.GetLocalPathAsync(pipeline, sha);

        Assert.NotEqual(Path.Combine(Path.GetTempPath(), "cd4ml-snapshots"), cache.Directory);
        Assert.StartsWith(Path.GetTempPath(), cache.Directory, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache.Directory));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_folder_open_to_others_is_narrowed_to_its_owner()
    {
        var pipeline = Samples.UniquePipelineName("cache");
        var sha = await UploadSnapshotAsync(pipeline, "a,b\n5,6\n");
        Directory.CreateDirectory(_folder);
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_111_111);

        await new SnapshotCache(storage.Client, _folder).GetLocalPathAsync(pipeline, sha);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
    }

    [Fact]
    public async Task The_folder_is_capped_and_the_least_recently_used_snapshot_goes_first_while_recent_ones_stay()
    {
        var pipeline = Samples.UniquePipelineName("cache");
        var rows = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},{i * 2}\n"));
        var (a, b, c) = (await UploadSnapshotAsync(pipeline, "x,y\n" + rows), await UploadSnapshotAsync(pipeline, "y,x\n" + rows), await UploadSnapshotAsync(pipeline, "z,w\n" + rows));
        var size = Encoding.UTF8.GetByteCount("x,y\n" + rows);
        var cache = new SnapshotCache(storage.Client, _folder, maxBytes: (size * 2) + (size / 2));

        var pathA = await cache.GetLocalPathAsync(pipeline, a);
        var pathB = await cache.GetLocalPathAsync(pipeline, b);
        // Both were last used long ago (longer than an activity can run), A before B.
        File.SetLastWriteTimeUtc(pathA, DateTime.UtcNow.AddHours(-3));
        File.SetLastWriteTimeUtc(pathB, DateTime.UtcNow.AddHours(-2));
        var pathC = await cache.GetLocalPathAsync(pipeline, c);

        Assert.False(File.Exists(pathA), "the least recently used snapshot was kept over the cap");
        Assert.True(File.Exists(pathB));
        Assert.True(File.Exists(pathC));

        // A is downloaded again when asked for; B (in use within the hour now) and C stay though the cap is exceeded.
        File.SetLastWriteTimeUtc(pathB, DateTime.UtcNow);
        Assert.Equal(pathA, await cache.GetLocalPathAsync(pipeline, a));
        Assert.True(File.Exists(pathB) && File.Exists(pathC));
    }

    private async Task<string> UploadSnapshotAsync(string pipeline, string content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        await storage.Client.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(pipeline, sha))
            .UploadAsync(BinaryData.FromString(content), overwrite: true);
        return sha;
    }
}
