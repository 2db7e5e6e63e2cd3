using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// The twelve-drop backfill on the backend `cd4ml serve` and `cd4ml worker` run on: the Durable Task Azure Storage
/// backend over Azurite, with activities running side by side as they do there.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentRunsOnAzureStorageTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Twelve_concurrent_drops_on_the_azure_storage_backend_publish_only_versions_decided_against_the_champion_they_replaced()
    {
        var pipeline = Samples.UniquePipelineName("c12as");
        var spec = PipelineSpecParser.Parse(FastPipelines.SpecJson(pipeline), "test spec");
        await using var host = await LocalPipelineHost.StartAsync(storage.ConnectionString, verbose: false, CancellationToken.None);

        var drops = await ConcurrentDrops.RunAsync(storage.Client, host.Client, host.Services, spec, drops: 12, TimeSpan.FromMinutes(12));

        Assert.Empty(drops.Problems());
        Assert.Equal(12, drops.Records.Count);
    }
}
