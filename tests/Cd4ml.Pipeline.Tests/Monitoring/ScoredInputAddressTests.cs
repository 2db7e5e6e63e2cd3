using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests.Monitoring;

/// <summary>A predictions manifest names the scored input copy; only the monitoring container's copies are read.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScoredInputAddressTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_copy_is_read_from_the_monitoring_container_and_an_address_elsewhere_is_refused_with_a_problem()
    {
        var pipeline = Samples.UniquePipelineName("sin");
        var store = new MonitoringStore(storage.Client);
        await storage.Client.GetBlobContainerClient(Containers.Monitoring).GetBlobClient($"{pipeline}/scored/abc.csv").UploadAsync(BinaryData.FromString("a,b\n1,2\n"));
        await storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{pipeline}/secret.csv").UploadAsync(BinaryData.FromString("a,b\n3,4\n"));
        var problems = new List<string>();

        var copy = await store.OpenScoredInputAsync($"{Containers.Monitoring}/{pipeline}/scored/abc.csv", problems, default);
        var elsewhere = await store.OpenScoredInputAsync($"{Containers.Models}/{pipeline}/secret.csv", problems, default);
        var bare = await store.OpenScoredInputAsync("abc.csv", problems, default);

        using var records = new Cd4ml.Core.Scoring.CsvRecordReader(copy!);
        Assert.Equal(["a", "b"], CsvTable.ReadHeader(records));
        Assert.Null(elsewhere);
        Assert.Null(bare);
        Assert.Equal(2, problems.Count);
        Assert.Contains("is not in the monitoring container", problems[0], StringComparison.Ordinal);
    }
}
