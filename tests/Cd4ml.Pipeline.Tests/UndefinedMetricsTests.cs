using System.Text.Json.Nodes;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// A metric a model cannot produce is NaN (FastForest has no calibrated probability, so no log-loss). It must travel
/// through activity results and the run's output like any number, not fail the run that measured it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UndefinedMetricsTests(AzuriteFixture storage)
{
    [Fact]
    public async Task A_candidate_without_a_log_loss_runs_to_the_end_with_the_metric_recorded_as_undefined()
    {
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("nan");
        var json = JsonNode.Parse(FastPipelines.SpecJson(pipeline))!.AsObject();
        json["trainers"] = JsonNode.Parse("""[{ "name": "FastForest", "parameters": { "numberOfTrees": 20 } }]""");
        var spec = PipelineSpecParser.Parse(json.ToJsonString(), "test spec");
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch.csv").UploadAsync(FastPipelines.Dataset(rows: 600));

        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/batch.csv", new RunTrigger("manual", "test"));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var done = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, limit.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var record = done.ReadOutputAs<RunRecord>()!;
        Assert.True(record.Outcome == RunOutcome.Promoted, record.Message);
        var candidate = Assert.Single(record.Candidates);
        Assert.True(double.IsNaN(candidate.Metrics["logLoss"]));
        Assert.InRange(candidate.Metrics["auc"], 0.5, 1.0);
    }
}
