using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests.Data;

/// <summary>Issue 13, item 12: each run that rejects a dataset keeps its own report beside the one quarantined copy.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QuarantineStoreTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_second_spec_rejecting_the_same_data_does_not_overwrite_the_first_report()
    {
        var pipeline = Samples.UniquePipelineName("q");
        const string content = "a,b\n1,2\n";
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        await storage.Client.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(pipeline, sha)).UploadAsync(BinaryData.FromString(content));
        var store = new QuarantineStore(storage.Client);
        QuarantineReport Report(string runId, string reason) =>
            new(pipeline, runId, $"{Containers.Datasets}/{pipeline}/x.csv", sha, DateTimeOffset.UnixEpoch, [new CheckResult("schema", CheckStatus.Fail, "1", "0", reason)]);

        var first = await store.QuarantineAsync(Report($"{pipeline}-0123456789ab-aaaaaaaa", "reason of the first spec"));
        var second = await store.QuarantineAsync(Report($"{pipeline}-0123456789ab-bbbbbbbb", "reason of the second spec"));

        Assert.NotEqual(first, second);
        Assert.Contains("reason of the first spec", await ReadAsync(first, "report.md"), StringComparison.Ordinal);
        Assert.Contains("reason of the second spec", await ReadAsync(second, "report.md"), StringComparison.Ordinal);
        Assert.Contains("reason of the first spec", await ReadAsync(first, "report.json"), StringComparison.Ordinal);
        Assert.Contains("reason of the first spec", await ReadAsync(first, "report.html"), StringComparison.Ordinal);
        Assert.Equal(content, (await storage.Client.GetBlobContainerClient(Containers.Quarantine).GetBlobClient($"{QuarantineStore.Folder(pipeline, sha)}/data.csv").DownloadContentAsync()).Value.Content.ToString());
    }

    private async Task<string> ReadAsync(string folder, string name)
    {
        var address = BlobAddress.Parse($"{folder}/{name}");
        return (await storage.Client.GetBlobContainerClient(address.Container).GetBlobClient(address.Name).DownloadContentAsync()).Value.Content.ToString();
    }
}
