using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// A run of several candidates through the real worker: each is selected on validation rows of the training part,
/// its decision threshold is tuned there and baked in, and the run report, manifest and card record all of it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DecisionsEndToEndTests(AzuriteFixture storage)
{
    private const string BusinessValue = """
        "promotion": { "primaryMetric": "businessValue", "businessValue": { "truePositive": 0, "falsePositive": -1, "falseNegative": -5, "trueNegative": 0 } }
        """;

    [Fact]
    public async Task Candidates_are_selected_on_validation_and_the_winner_carries_a_threshold_tuned_for_business_value()
    {
        var pipeline = Samples.UniquePipelineName("dec");
        var spec = Samples.CreditSpec(pipeline, json => json.Replace("\"promotion\": { \"primaryMetric\": \"auc\", \"minImprovement\": 0.002 }", BusinessValue, StringComparison.Ordinal));
        Assert.Equal(BinaryMetricNames.BusinessValue, spec.Promotion.PrimaryMetric);
        await using var host = await PipelineTestHost.StartAsync(storage);
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch-1.csv").UploadAsync(RepoPaths.CreditBatch1, overwrite: true);

        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/batch-1.csv", new RunTrigger("manual", "test"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, timeout.Token);
        var record = completed.ReadOutputAs<RunRecord>()!;

        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal(3, record.Candidates.Count);
        Assert.All(record.Candidates, c =>
        {
            Assert.Equal(SelectionSources.ValidationSplit, c.Selection!.Source);
            Assert.True(double.IsFinite(c.Selection.Metrics[BinaryMetricNames.BusinessValue]));
            Assert.Equal(ThresholdSources.Tuned, c.DecisionThreshold!.Source);
            Assert.Equal(BinaryMetricNames.BusinessValue, c.DecisionThreshold.TunedFor);
            Assert.True(double.IsFinite(c.Metrics[BinaryMetricNames.BusinessValue]));
            Assert.NotNull(c.Curves);
        });

        // The winner is the best on validation, whatever the holdout says.
        var best = record.Candidates.MaxBy(c => c.Selection!.Metrics[BinaryMetricNames.BusinessValue])!;
        Assert.Equal(best.Id, record.Decision!.WinnerId);
        Assert.Equal(record.Candidates.Select(c => c.Id), record.Decision.Ranking!.Select(r => r.Id));

        var manifest = (await host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1))!;
        Assert.Equal(best.DecisionThreshold, manifest.DecisionThreshold);
        Assert.Equal(best.Selection!.Source, manifest.Selection!.Source);
        Assert.Equal(best.Metrics[BinaryMetricNames.BusinessValue], manifest.Metrics[BinaryMetricNames.BusinessValue]);
        Assert.True(manifest.SmokeTest!.Passed, manifest.SmokeTest.Reason);

        var card = (await storage.Client.GetBlobContainerClient(Containers.Models)
            .GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, 1)}/{ModelCard.HtmlFile}").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("precision–recall curve on the holdout", card, StringComparison.Ordinal);
        Assert.Contains("calibration curve on the holdout", card, StringComparison.Ordinal);
        Assert.Contains($"tuned for businessValue on {SelectionSources.ValidationSplit}", card, StringComparison.Ordinal);
        Assert.Contains("predicted negative", card, StringComparison.Ordinal);
    }
}
