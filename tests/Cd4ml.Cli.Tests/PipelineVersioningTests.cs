using System.Text.Json.Nodes;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// A run keeps the version of the pipeline's steps it started with (<see cref="PipelineVersions"/>): one started
/// under version 1 and waiting for approval completes through version 1's steps after the host is stopped and started
/// again with code whose current version is 2 — what a deploy during a 30-day approval wait looks like.
/// </summary>
public sealed class PipelineVersioningTests
{
    [Fact]
    public async Task A_run_started_under_version_1_completes_through_its_own_steps_after_a_restart_on_version_2()
    {
        Assert.NotEqual(PipelineVersions.TriggerHashes, PipelineVersions.Current);
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("version");
        var json = JsonNode.Parse(FastPipelines.SpecJson(pipeline))!.AsObject();
        json["approval"] = "manual";
        var spec = PipelineSpecParser.Parse(json.ToJsonString(), "test spec");
        var specHash = PipelineSpecParser.Hash(spec);
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch.csv").UploadAsync(FastPipelines.Dataset());

        string runId;
        await using (var before = await LocalPipelineHost.StartAsync(storage.ConnectionString, verbose: false, CancellationToken.None))
        {
            // What a version-1 trigger started: it hashed the dataset and named the run by the content.
            var dataset = await before.Get<SnapshotStore>().HashAsync(Containers.Datasets, $"{pipeline}/batch.csv");
            runId = RunIds.For(pipeline, dataset.Sha256, specHash, PackageVersions.Cd4ml);
            await before.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TrainingPipeline),
                new PipelineRunRequest(spec, specHash, dataset, new RunTrigger("manual", "test")),
                new StartOrchestrationOptions(runId) { Version = PipelineVersions.TriggerHashes });
            await WaitForStageAsync(before.Client, runId, RunStages.AwaitingApproval);
        }

        await using var after = await LocalPipelineHost.StartAsync(storage.ConnectionString, verbose: false, CancellationToken.None);
        await after.Client.RaiseEventAsync(runId, ApprovalGate.EventName, new ApprovalDecision(true, "dana", "reviewed before the deploy"));
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var done = await after.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, limit.Token);

        var record = done.ReadOutputAs<RunRecord>()!;
        Assert.True(record.Outcome == RunOutcome.Promoted, record.Message);
        Assert.Equal(PipelineVersions.TriggerHashes, record.PipelineVersion);
        // Version 1's steps: the snapshot copy of a hashed dataset, no content claim (that came with version 2).
        Assert.False(await storage.Client.GetBlobContainerClient(Containers.Runs).GetBlobClient(ContentClaims.ClaimBlob(pipeline, runId)).ExistsAsync());
        Assert.Equal(1, record.PublishedVersion);
    }

    private static async Task WaitForStageAsync(DurableTaskClient client, string runId, string stage)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, limit.Token);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<RunProgress>()?.Stage == stage)
            {
                return;
            }

            Assert.False(instance?.IsCompleted ?? false, $"run {runId} ended {instance?.RuntimeStatus} before reaching {stage}");
            await Task.Delay(200, limit.Token);
        }
    }
}
