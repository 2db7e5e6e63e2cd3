using Azure.Storage.Blobs;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>The whole pipeline, end to end: real Durable worker, real Azurite, real ML.NET.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TrainingPipelineTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task First_run_publishes_version_1_as_champion_with_its_lineage()
    {
        var pipeline = Samples.UniquePipelineName();
        var record = await RunAsync(pipeline, RepoPaths.CreditBatch1, "batch-1.csv");

        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal(1, record.PublishedVersion);
        Assert.Equal(3, record.Candidates.Count);
        Assert.All(record.Candidates, c => Assert.InRange(c.Metrics["auc"], 0.6, 1.0));
        Assert.Null(record.Champion);

        var registry = _host.Get<ModelRegistry>();
        var (alias, _) = await registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.NotNull(alias);
        Assert.Equal(1, alias.Version);
        Assert.Equal(1, alias.Generation);

        var manifest = await registry.GetManifestAsync(pipeline, 1);
        Assert.NotNull(manifest);
        Assert.Equal(record.Dataset.Sha256, manifest.Dataset.Sha256);
        Assert.Equal(record.SpecHash, manifest.SpecHash);
        Assert.Equal(record.RunId, manifest.RunId);
        Assert.Equal(42, manifest.Seed);
        Assert.Contains("Microsoft.ML", manifest.PackageVersions.Keys);
        Assert.Equal("manual", manifest.Trigger.Kind);
        Assert.Equal(alias.Sha256, manifest.ModelSha256);

        // The model in the registry is exactly the one the manifest describes.
        var zip = await registry.DownloadVerifiedModelAsync(manifest);
        Assert.Equal(manifest.ModelBytes, zip.ToMemory().Length);

        // The run report is kept whatever the outcome.
        var report = await _host.Get<RunReportStore>().ReadAsync(pipeline, record.RunId);
        Assert.Equal(RunOutcome.Promoted, report?.Outcome);
        var audit = await registry.ReadAuditAsync(pipeline);
        Assert.Single(audit);
    }

    [Fact]
    public async Task Second_run_on_new_data_is_compared_with_the_champion_on_the_same_holdout_and_its_decision_recorded()
    {
        var pipeline = Samples.UniquePipelineName();
        var first = await RunAsync(pipeline, RepoPaths.CreditBatch1, "batch-1.csv");
        Assert.Equal(RunOutcome.Promoted, first.Outcome);

        var second = await RunAsync(pipeline, RepoPaths.CreditBatch2, "batch-2.csv");

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.NotNull(second.Champion);
        Assert.Equal(1, second.Champion.Version);
        Assert.Null(second.Champion.Problem);
        Assert.True(double.IsFinite(second.Champion.Metrics["auc"]));
        Assert.NotNull(second.Decision);
        var comparison = Assert.Single(second.Decision.Gates, g => g.Gate == "champion-comparison");
        Assert.Contains("v1", comparison.Reason, StringComparison.Ordinal);
        Assert.Equal(second.Decision.Promote ? RunOutcome.Promoted : RunOutcome.ChampionKept, second.Outcome);

        var (alias, _) = await _host.Get<ModelRegistry>().GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal(second.Decision.Promote ? 2 : 1, alias!.Version);
    }

    [Fact]
    public async Task Same_dataset_again_starts_no_new_run_and_writes_no_new_version()
    {
        var pipeline = Samples.UniquePipelineName();
        var first = await RunAsync(pipeline, RepoPaths.CreditBatch1, "batch-1.csv");

        // Same bytes under another name: content, not name, identifies a dataset. The trigger does not read the bytes
        // (it answers at once); the run hashes them, finds the first run's claim and ends without training.
        await UploadAsync(pipeline, RepoPaths.CreditBatch1, "batch-1-copy.csv");
        var again = await _host.Get<RunStarter>().StartAsync(_host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/batch-1-copy.csv", new RunTrigger("manual", "test"));
        Assert.Equal(StartRunStatus.Started, again.Status);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var duplicate = (await _host.Client.WaitForInstanceCompletionAsync(again.RunId, getInputsAndOutputs: true, limit.Token)).ReadOutputAs<RunRecord>()!;

        Assert.Equal(RunOutcome.AlreadyRan, duplicate.Outcome);
        Assert.Equal(first.RunId, duplicate.DuplicateOf);
        Assert.Contains($"already ran as {first.RunId}", duplicate.Message, StringComparison.Ordinal);
        Assert.Empty(duplicate.Candidates);
        Assert.Equal(first.Dataset.Sha256, duplicate.Dataset.Sha256);
        Assert.Equal(new[] { 1 }, await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));

        // The same blob version again is answered by the trigger itself, from the run it already had.
        var repeat = await _host.Get<RunStarter>().StartAsync(_host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/batch-1-copy.csv", new RunTrigger("manual", "test"));
        Assert.Equal(StartRunStatus.AlreadyCompleted, repeat.Status);
        Assert.Equal(again.RunId, repeat.RunId);
    }

    [Fact]
    public async Task Forced_start_of_a_finished_run_repeats_it_under_its_own_id()
    {
        var pipeline = Samples.UniquePipelineName();
        var first = await RunAsync(pipeline, RepoPaths.CreditBatch1, "batch-1.csv");

        var repeat = await _host.Get<RunStarter>().StartAsync(_host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/batch-1.csv",
            new RunTrigger("schedule", "test"), force: true);
        var completed = await _host.Client.WaitForInstanceCompletionAsync(repeat.RunId, getInputsAndOutputs: true, Timeout());

        Assert.Equal(StartRunStatus.Started, repeat.Status);
        Assert.Equal($"{first.RunId}-r2", repeat.RunId);
        var record = completed.ReadOutputAs<RunRecord>()!;
        // Same data, same seed, same model: the repeat is compared with v1 and cannot beat it.
        Assert.Equal(RunOutcome.ChampionKept, record.Outcome);
        Assert.Equal(1, record.Champion!.Version);
    }

    [Fact]
    public async Task Duplicate_start_while_running_is_answered_already_accepted_and_only_one_run_happens()
    {
        var pipeline = Samples.UniquePipelineName();
        await UploadAsync(pipeline, RepoPaths.CreditBatch1, "batch-1.csv");
        var starter = _host.Get<RunStarter>();
        var spec = Samples.CreditSpec(pipeline);

        var starts = await Task.WhenAll(
            starter.StartAsync(_host.Client, spec, $"{pipeline}/batch-1.csv", new RunTrigger("schedule", "timer")),
            starter.StartAsync(_host.Client, spec, $"{pipeline}/batch-1.csv", new RunTrigger("manual", "api")));

        Assert.Single(starts.Select(s => s.RunId).Distinct());
        Assert.Contains(starts, s => s.Status == StartRunStatus.Started);
        var completed = await _host.Client.WaitForInstanceCompletionAsync(starts[0].RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.Equal(new[] { 1 }, await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
    }

    [Fact]
    public async Task Dataset_that_fails_its_check_is_quarantined_with_a_report_and_the_champion_is_unchanged()
    {
        var pipeline = Samples.UniquePipelineName();
        var first = await RunAsync(pipeline, RepoPaths.CreditBatch1, "batch-1.csv");
        Assert.Equal(RunOutcome.Promoted, first.Outcome);

        // Every row labelled "good": a label with a single class cannot train a binary classifier.
        var singleClass = Path.Combine(Path.GetTempPath(), $"{pipeline}-single-class.csv");
        await File.WriteAllLinesAsync(singleClass, File.ReadLines(RepoPaths.CreditBatch1).Where((line, i) => i == 0 || line.StartsWith("good,", StringComparison.Ordinal)));
        var rejected = await RunAsync(pipeline, singleClass, "single-class.csv");

        Assert.Equal(RunOutcome.DataRejected, rejected.Outcome);
        Assert.Empty(rejected.Candidates);
        var failed = Assert.Single(rejected.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal(LabelCheck.Name, failed.Name);
        Assert.Equal($"{Containers.Quarantine}/{QuarantineStore.ReportFolder(pipeline, rejected.Dataset.Sha256, rejected.RunId)}", rejected.QuarantineFolder);

        var quarantine = storage.Client.GetBlobContainerClient(Containers.Quarantine);
        Assert.True(await quarantine.GetBlobClient($"{pipeline}/{rejected.Dataset.Sha256}/data.csv").ExistsAsync());
        var report = (await quarantine.GetBlobClient($"{QuarantineStore.ReportFolder(pipeline, rejected.Dataset.Sha256, rejected.RunId)}/report.json").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("\"name\": \"label\"", report, StringComparison.Ordinal);
        var html = (await quarantine.GetBlobClient($"{QuarantineStore.ReportFolder(pipeline, rejected.Dataset.Sha256, rejected.RunId)}/report.html").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("What failed", html, StringComparison.Ordinal);

        // Nothing is lost: the original drop is still where it was dropped.
        Assert.True(await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/single-class.csv").ExistsAsync());
        var (alias, _) = await _host.Get<ModelRegistry>().GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal(1, alias!.Version);
        Assert.Equal(new[] { 1 }, await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
    }

    private async Task<RunRecord> RunAsync(string pipeline, string localFile, string blobName)
    {
        await UploadAsync(pipeline, localFile, blobName);
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/{blobName}", new RunTrigger("manual", "test"));
        Assert.Equal(StartRunStatus.Started, start.Status);
        var completed = await _host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }

    private async Task UploadAsync(string pipeline, string localFile, string blobName)
    {
        BlobClient blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{blobName}");
        await blob.UploadAsync(localFile, overwrite: true);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
