using System.Text;
using Azure.Storage.Blobs;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// Hostile shapes through the real orchestration on Azurite (RELIABILITY.md 35): the dataset is refused before its
/// shape is allocated, quarantined with its report, and the run ends with the reason; raising the setting lets the same
/// bytes through on a forced repeat. A champion model over the size cap is reported, not downloaded, and not retried.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileShapeEndToEndTests(AzuriteFixture storage)
{
    [Fact]
    public async Task R35_a_dataset_with_a_million_header_names_is_quarantined_with_its_report_and_the_run_ends()
    {
        var pipeline = Samples.UniquePipelineName("wide");
        var csv = new StringBuilder(10_000_000);
        csv.AppendJoin(',', Enumerable.Range(0, 1_000_000).Select(i => $"c{i:0000000}")).Append('\n');
        csv.AppendJoin(',', Enumerable.Repeat("0", 1_000_000)).Append('\n');
        await using var host = await PipelineTestHost.StartAsync(storage);

        var record = await RunAsync(host, pipeline, Encoding.UTF8.GetBytes(csv.ToString()), "wide.csv");

        Assert.Equal(RunOutcome.DataRejected, record.Outcome);
        Assert.Empty(record.Candidates);
        var file = Assert.Single(record.Checks);
        Assert.Equal(FileCheck.Name, file.Name);
        Assert.Equal(CheckStatus.Fail, file.Status);
        Assert.Contains("Cd4ml__Limits__MaxHeaderBytes", file.Message, StringComparison.Ordinal);
        Assert.Contains("Cd4ml__Limits__MaxHeaderBytes", record.Message, StringComparison.Ordinal);
        var reports = QuarantineStore.ReportFolder(pipeline, record.Dataset.Sha256, record.RunId);
        Assert.Equal($"{Containers.Quarantine}/{reports}", record.QuarantineFolder);
        var report = await DownloadAsync(Containers.Quarantine, $"{reports}/report.json");
        Assert.Contains("MaxHeaderBytes", report, StringComparison.Ordinal);
        var profile = await host.Get<ProfileStore>().GetAsync(pipeline, record.Dataset.Sha256);
        Assert.Equal(nameof(ResourceLimits.MaxHeaderBytes), profile!.Refusal!.Limit);
    }

    [Fact]
    public async Task Raising_the_column_cap_lets_the_refused_dataset_through_when_its_run_is_repeated()
    {
        var pipeline = Samples.UniquePipelineName("cols");
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CreditBatch1);
        RunRecord refused;
        await using (var capped = await PipelineTestHost.StartAsync(storage, settings: new Dictionary<string, string?> { ["Cd4ml:Limits:MaxColumns"] = "5" }))
        {
            refused = await RunAsync(capped, pipeline, bytes, "batch-1.csv");
        }

        Assert.Equal(RunOutcome.DataRejected, refused.Outcome);
        var file = Assert.Single(refused.Checks);
        Assert.Equal("≤ 5 columns", file.Threshold);
        Assert.Contains("Cd4ml__Limits__MaxColumns", file.Message, StringComparison.Ordinal);

        await using var raised = await PipelineTestHost.StartAsync(storage);
        var repeated = await RunAsync(raised, pipeline, bytes, "batch-1.csv", force: true);

        Assert.NotEqual(refused.RunId, repeated.RunId);
        Assert.Equal(RunOutcome.Promoted, repeated.Outcome);
        Assert.Contains(repeated.Checks, c => c.Name == FileCheck.Name && c.Status == CheckStatus.Pass);
    }

    [Fact]
    public async Task R35_a_champion_model_over_the_size_cap_is_reported_without_being_downloaded_and_the_run_completes()
    {
        var pipeline = Samples.UniquePipelineName("size");
        var bytes = await File.ReadAllBytesAsync(RepoPaths.CreditBatch1);
        await using (var host = await PipelineTestHost.StartAsync(storage))
        {
            Assert.Equal(RunOutcome.Promoted, (await RunAsync(host, pipeline, bytes, "batch-1.csv")).Outcome);
        }

        await using var capped = await PipelineTestHost.StartAsync(storage, settings: new Dictionary<string, string?> { ["Cd4ml:Limits:MaxModelBytes"] = "1024" });
        var second = await RunAsync(capped, pipeline, bytes, "batch-1.csv", force: true);

        var champion = second.Champion;
        Assert.NotNull(champion);
        Assert.Equal(1, champion.Version);
        Assert.Empty(champion.Metrics);
        Assert.Contains("more than the 1,024 a model may have", champion.Problem, StringComparison.Ordinal);
        Assert.Contains("Cd4ml__Limits__MaxModelBytes", champion.Problem, StringComparison.Ordinal);
    }

    private async Task<RunRecord> RunAsync(PipelineTestHost host, string pipeline, byte[] bytes, string blobName, bool force = false)
    {
        BlobClient blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{blobName}");
        if (!force)
        {
            await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        }

        var start = await host.Get<RunStarter>().StartAsync(host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/{blobName}", new RunTrigger("manual", "test"), force: force);
        // An activity that failed for the shape and were retried would never complete in time.
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }

    private async Task<string> DownloadAsync(string container, string name) =>
        (await storage.Client.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();
}
