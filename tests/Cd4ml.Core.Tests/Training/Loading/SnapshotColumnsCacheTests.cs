using Cd4ml.Core.Training.Loading;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training.Loading;

public sealed class SnapshotColumnsCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cd4ml-columns-").FullName;

    [Fact]
    public async Task Concurrent_candidates_of_one_snapshot_wait_for_a_single_read()
    {
        var path = Write("a.csv", 50_000);
        var cache = new SnapshotColumnsCache();
        ColumnRead[] wanted = [new(0, DataKind.Single), new(1, DataKind.String)];

        using var start = new ManualResetEventSlim();
        var tables = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return cache.GetOrRead("sha-a", path, wanted);
        })).Append(Task.Run(() =>
        {
            start.Set();
            return cache.GetOrRead("sha-a", path, [.. wanted.Reverse()]);
        })));

        Assert.Equal(1, cache.Reads);
        Assert.All(tables, t => Assert.Same(tables[0], t));
        Assert.Equal(50_000, tables[0].Rows);
        Assert.Equal(tables[0].ApproximateBytes, cache.Bytes);
    }

    [Fact]
    public void The_least_recently_used_snapshot_leaves_when_the_cap_is_reached_and_one_over_the_cap_is_not_kept()
    {
        var small = Write("small.csv", 1_000);
        var large = Write("large.csv", 40_000);
        ColumnRead[] wanted = [new(0, DataKind.Single), new(1, DataKind.String)];
        var oneSmall = SnapshotColumns.Read(small, wanted).ApproximateBytes;
        var cache = new SnapshotColumnsCache(maxBytes: (2 * oneSmall) + 1);

        cache.GetOrRead("s1", small, wanted);
        cache.GetOrRead("s2", small, wanted);
        cache.GetOrRead("s1", small, wanted); // s1 is now the most recently used
        cache.GetOrRead("s3", small, wanted); // s2 leaves
        Assert.Equal(3, cache.Reads);
        Assert.Equal(2 * oneSmall, cache.Bytes);

        cache.GetOrRead("s1", small, wanted);
        Assert.Equal(3, cache.Reads);
        cache.GetOrRead("s2", small, wanted);
        Assert.Equal(4, cache.Reads);

        var table = cache.GetOrRead("big", large, wanted);
        Assert.Equal(40_000, table.Rows);
        Assert.Equal(2 * oneSmall, cache.Bytes);
        cache.GetOrRead("big", large, wanted);
        Assert.Equal(6, cache.Reads);
    }

    [Fact]
    public void A_failed_read_is_not_kept()
    {
        var cache = new SnapshotColumnsCache();
        var path = Path.Combine(_dir, "later.csv");
        Assert.ThrowsAny<IOException>(() => cache.GetOrRead("sha", path, [new ColumnRead(0, DataKind.Single)]));

        File.WriteAllText(path, "x\n1\n2\n");
        Assert.Equal(2, cache.GetOrRead("sha", path, [new ColumnRead(0, DataKind.Single)]).Rows);
    }

    private string Write(string name, int rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, ["x,colour", .. Enumerable.Range(0, rows).Select(i => $"{i % 97},{(i % 3 == 0 ? "red" : "blue")}")]);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
