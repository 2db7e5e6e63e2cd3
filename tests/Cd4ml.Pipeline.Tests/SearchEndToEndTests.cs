using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training.Decisions;
using Cd4ml.Core.Training.Search;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// A spec with a search, end to end: successive halving through the real Durable worker, real ML.NET on the shared
/// breast-cancer dataset (569 rows, /work/shared/datasets), real Azurite; every rung recorded in the run report.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SearchEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly string s_dataset = Path.Combine(
        Environment.GetEnvironmentVariable("CD4ML_TEST_DATASETS") ?? "/work/shared/datasets", "breast_cancer.csv");

    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_search_trains_every_rung_keeps_the_best_on_validation_and_lets_only_the_last_rung_compete()
    {
        var pipeline = Samples.UniquePipelineName("search");
        var spec = PipelineSpecParser.Parse($$"""
            {
              "name": "{{pipeline}}",
              "label": "diagnosis",
              "positiveClass": "malignant",
              "testFraction": 0.25,
              "seed": 42,
              "search": { "strategy": "successive-halving", "maxCandidates": 9, "eta": 3, "seed": 5 },
              "trainers": [
                { "name": "LightGbm", "parameters": { "numberOfLeaves": { "min": 4, "max": 64, "scale": "log" }, "minimumExampleCountPerLeaf": { "min": 2, "max": 20 }, "numberOfIterations": [20, 50] } },
                { "name": "FastTree", "parameters": { "numberOfLeaves": { "min": 4, "max": 32 }, "numberOfTrees": 30 } }
              ],
              "promotion": { "primaryMetric": "auc" }
            }
            """, "search.json");

        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/breast_cancer.csv").UploadAsync(s_dataset, overwrite: true);
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, spec, $"{pipeline}/breast_cancer.csv", new RunTrigger("manual", "test"));
        var completed = await _host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        var record = completed.ReadOutputAs<RunRecord>()!;

        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        var search = Assert.IsType<SearchReport>(record.Search);
        var plan = SearchPlan.For(spec);
        Assert.Equal([9, 3, 1], search.Rungs.Select(r => r.Trials.Count));
        Assert.Equal([1.0 / 9, 1.0 / 3, 1.0], search.Rungs.Select(r => r.Budget));
        Assert.Equal(plan.Configurations.Select(c => c.Id), search.Rungs[0].Trials.Select(t => t.Id));
        Assert.Equal(plan.Configurations.Select(c => c.Trainer.Parameters), search.Rungs[0].Trials.Select(t => t.Parameters));

        for (var k = 0; k < search.Rungs.Count - 1; k++)
        {
            var rung = search.Rungs[k];
            var survivors = rung.Trials.Where(t => t.Survived).Select(t => t.Id).ToList();
            // Those that went on are exactly the next rung, and none that stayed behind beat them on validation rows.
            Assert.Equal(survivors, search.Rungs[k + 1].Trials.Select(t => t.Id));
            Assert.All(rung.Trials, t => Assert.Equal(SelectionSources.ValidationSplit, t.SelectionSource));
            var worstSurvivor = rung.Trials.Where(t => t.Survived).Min(t => t.Selection ?? double.NegativeInfinity);
            Assert.All(rung.Trials.Where(t => !t.Survived), t => Assert.True((t.Selection ?? double.NegativeInfinity) <= worstSurvivor));
        }

        // Only the last rung's configuration, trained on every training row, competes with the champion.
        var finalist = Assert.Single(search.Rungs[^1].Trials);
        var candidate = Assert.Single(record.Candidates);
        Assert.Equal(finalist.Id, candidate.Id);
        Assert.Equal(finalist.Selection, candidate.Selection!.Metrics["auc"]);
        Assert.Equal(candidate.Id, record.Decision!.WinnerId);
        Assert.InRange(candidate.Metrics["auc"], 0.9, 1.0);
        Assert.Contains($"runs/{pipeline}/{record.RunId}/candidates/{candidate.Id}/", candidate.ModelBlob, StringComparison.Ordinal);

        // The stored report carries the rungs, and the version's model card lists them.
        var report = await _host.Get<RunReportStore>().ReadAsync(pipeline, record.RunId);
        Assert.Equal(search.Rungs.Select(r => r.Trials.Count), report!.Search!.Rungs.Select(r => r.Trials.Count));
        var manifest = await _host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1);
        Assert.Equal(3, manifest!.Search?.Rungs.Count);
        var models = storage.Client.GetBlobContainerClient(Containers.Models);
        var card = (await models.GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, 1)}/{ModelCard.MarkdownFile}").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("successive-halving (eta 3, seed 5): 9 → 3 → 1 configurations", card, StringComparison.Ordinal);
        Assert.Contains($"| 2 | 1 | {candidate.Id} | ", card, StringComparison.Ordinal);
        Assert.Contains($"| 0 | 1/9 | {plan.Configurations[0].Id} | ", card, StringComparison.Ordinal);
    }
}
