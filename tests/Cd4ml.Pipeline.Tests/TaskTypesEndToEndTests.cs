using Azure.Storage.Blobs;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// Every task type end to end on the real samples (penguins, diamonds, telco churn; see samples/README.md):
/// real Durable worker, Azurite and ML.NET, from the dropped CSV to the published version and its decision record.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskTypesEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Multiclass_penguins_are_trained_decided_smoke_tested_and_published()
    {
        var (record, pipeline) = await RunSampleAsync("penguins", "penguins.json", "penguins.csv");

        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal(4, record.Candidates.Count); // LightGbm expands to two grid points
        Assert.All(record.Candidates, c => Assert.InRange(c.Metrics[MetricCatalog.MacroAccuracy], 0.85, 1.0));
        Assert.All(record.Candidates, c => Assert.Equal(5, c.CrossValidation!.Folds));
        Assert.True(record.SmokeTest!.Passed);
        Assert.Contains(record.Decision!.Gates, g => g.Gate == PromotionPolicy.SmokeTestGate && g.Passed);

        var manifest = await _host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1);
        Assert.Equal(TaskTypes.Multiclass, manifest!.Spec.Task);
        Assert.NotNull(manifest.SmokeTest);
        Assert.NotNull(manifest.Edge);
        Assert.False(string.IsNullOrWhiteSpace(manifest.Edge.Reason));
        await AssertEdgeArtifactMatchesManifestAsync(manifest);
    }

    [Fact]
    public async Task Regression_diamonds_are_trained_and_published_then_an_identical_retrain_is_not_promoted()
    {
        var (first, pipeline) = await RunSampleAsync("diamonds", "diamonds.json", "diamonds-sample.csv");

        Assert.Equal(RunOutcome.Promoted, first.Outcome);
        Assert.All(first.Candidates, c => Assert.True(c.Metrics[MetricCatalog.RSquared] > 0.8, $"{c.Id} r² {c.Metrics[MetricCatalog.RSquared]}"));
        var manifest = await _host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1);
        Assert.True(manifest!.Edge!.Published, manifest.Edge.Reason);
        await AssertEdgeArtifactMatchesManifestAsync(manifest);

        // The same data, spec and seed give the same models and metrics: no improvement, nothing promoted.
        var repeat = await _host.Get<RunStarter>().StartAsync(_host.Client, Spec("diamonds.json", pipeline), $"{pipeline}/diamonds-sample.csv",
            new RunTrigger("manual", "test"), force: true);
        var second = await CompleteAsync(repeat.RunId);
        Assert.Equal(RunOutcome.ChampionKept, second.Outcome);
        Assert.Equal(
            first.Candidates.Select(c => c.Metrics[MetricCatalog.Rmse]),
            second.Candidates.Select(c => c.Metrics[MetricCatalog.Rmse]));
        var significance = Assert.Single(second.Decision!.Gates, g => g.Gate == PromotionPolicy.SignificanceGate);
        Assert.False(significance.Passed);
    }

    [Fact]
    public async Task A_fairness_disparity_above_the_limit_blocks_the_first_model_and_the_table_is_recorded()
    {
        var (record, pipeline) = await RunSampleAsync("telco-churn", "telco-churn.json", "telco-churn.csv",
            json => json.Replace("\"maxDisparity\": 0.1", "\"maxDisparity\": 0.001", StringComparison.Ordinal));

        Assert.Equal(RunOutcome.ChampionKept, record.Outcome);
        Assert.Contains(record.Decision!.Gates, g => g.Gate == PromotionPolicy.FairnessGate && !g.Passed);
        Assert.Contains(record.Decision.Fairness!, g => g.Column == "senior_citizen");
        Assert.Empty(await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
    }

    [Fact]
    public async Task A_corrupted_candidate_zip_fails_its_smoke_test()
    {
        var (record, pipeline) = await RunSampleAsync("penguins", "penguins.json", "penguins.csv");
        var winner = record.Candidates.Single(c => c.Id == record.Decision!.WinnerId);
        var staged = storage.Client.GetBlobContainerClient(Containers.Runs).GetBlobClient(winner.ModelBlob![(Containers.Runs.Length + 1)..]);
        var bytes = (await staged.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;
        await staged.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);

        var activity = _host.Get<VerifyCandidateActivity>();
        var shape = new DatasetShape([], []);
        var result = await activity.RunAsync(null!, new VerifyInput(pipeline, record.RunId, record.Dataset.Sha256, Spec("penguins.json", pipeline), shape, winner));

        Assert.False(result.SmokeTest.Passed);
        Assert.StartsWith("hash mismatch", result.SmokeTest.Reason, StringComparison.Ordinal);
        Assert.False(result.Edge.Published);
        Assert.Null(result.OnnxBlob);
    }

    private async Task AssertEdgeArtifactMatchesManifestAsync(ModelManifest manifest)
    {
        var onnx = storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{ModelRegistry.VersionFolder(manifest.Pipeline, manifest.Version)}/model.onnx");
        Assert.Equal(manifest.Edge!.Published, (bool)await onnx.ExistsAsync());
        if (manifest.Edge.Published)
        {
            var bytes = (await onnx.DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(manifest.Edge.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
    }

    private async Task<(RunRecord Record, string Pipeline)> RunSampleAsync(string folder, string specFile, string dataFile, Func<string, string>? edit = null)
    {
        var pipeline = Samples.UniquePipelineName();
        BlobClient blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{dataFile}");
        await blob.UploadAsync(Path.Combine(RepoPaths.Samples, folder, dataFile), overwrite: true);
        var spec = Spec(specFile, pipeline, folder, edit);
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, spec, $"{pipeline}/{dataFile}", new RunTrigger("manual", "test"));
        return (await CompleteAsync(start.RunId), pipeline);
    }

    private static PipelineSpec Spec(string specFile, string pipeline, string? folder = null, Func<string, string>? edit = null)
    {
        var path = Path.Combine(RepoPaths.Samples, folder ?? Path.GetFileNameWithoutExtension(specFile), specFile);
        var json = File.ReadAllText(path);
        var named = System.Text.RegularExpressions.Regex.Replace(json, "\"name\": \"[a-z-]+\",", $"\"name\": \"{pipeline}\",", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return PipelineSpecParser.Parse(edit is null ? named : edit(named), path);
    }

    private async Task<RunRecord> CompleteAsync(string runId)
    {
        var completed = await _host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }
}
