using System.Text;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// Issue 13, items 3 and 6, end to end through the real orchestration on Azurite: a publish whose champion moved
/// after it was evaluated refuses to move it, and an approval run stops taking answers in the step that consumes one.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishIntegrityTests(AzuriteFixture storage)
{
    [Fact]
    public async Task I13_3_I19_1_a_champion_moved_away_and_back_while_the_run_waited_is_scored_again_and_decided_against_before_it_is_replaced()
    {
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("gen");
        var registry = host.Get<ModelRegistry>();

        // v1: a champion trained on shuffled labels, which any real candidate beats through every gate.
        var first = await RunToEndAsync(host, FastPipelines.SpecJson(pipeline), pipeline, "shuffled.csv", ShuffledLabels());
        Assert.Equal(RunOutcome.Promoted, first.Outcome);
        var runId = await StartAsync(host, ApprovalSpec(pipeline), pipeline, "batch-2.csv", BinaryData.FromBytes(await File.ReadAllBytesAsync(RepoPaths.CreditBatch2)));
        await WaitForStageAsync(host, runId, RunStages.AwaitingApproval);

        // While the run waits (it evaluated v1 at generation 1), an operator moves the champion away and back to v1.
        var other = await RegistrySeed.PublishAsync(registry, pipeline, "operator-run");
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, other.Version, "ops", "try the hand-made model");
        await registry.RollbackAsync(pipeline, ModelRegistry.Champion, 1, "ops", "back to v1");
        await host.Client.RaiseEventAsync(runId, ApprovalGate.EventName, new ApprovalDecision(true, "alice", null));
        var record = await CompletionAsync(host, runId);

        // Not moved on the stale evaluation: the champion of generation 3 was scored on the run's holdout and judged again.
        Assert.Equal(1, record.Redecisions);
        Assert.Equal((1, (long?)3), (record.Champion!.Version, record.Champion.Generation));
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        var (alias, _) = await registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((record.PublishedVersion!.Value, 4L, (int?)1), (alias!.Version, alias.Generation, alias.Previous));
        var manifest = await registry.GetManifestAsync(pipeline, record.PublishedVersion.Value);
        Assert.Equal(1, manifest!.ComparedWithVersion);
        Assert.Contains(manifest.Decision.Gates, g => g.Gate == ApprovalGate.Gate && g.Passed);
        Assert.Single(await registry.ReadAuditAsync(pipeline), e => e.RunId == runId && AuditActions.MovesAlias(e.Action));
    }

    [Fact]
    public async Task I19_5_a_run_whose_champion_changed_mid_flight_decides_as_a_run_started_after_the_change()
    {
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("mid");
        var registry = host.Get<ModelRegistry>();
        var first = await RunToEndAsync(host, FastPipelines.SpecJson(pipeline), pipeline, "shuffled.csv", ShuffledLabels());
        Assert.Equal(RunOutcome.Promoted, first.Outcome);
        var batch2 = BinaryData.FromBytes(await File.ReadAllBytesAsync(RepoPaths.CreditBatch2));

        // The run evaluates v1 and waits for approval; meanwhile another run makes a real model champion.
        var waiting = await StartAsync(host, ApprovalSpec(pipeline), pipeline, "batch-2.csv", batch2);
        await WaitForStageAsync(host, waiting, RunStages.AwaitingApproval);
        var change = await RunToEndAsync(host, FastPipelines.SpecJson(pipeline), pipeline, "batch-1.csv", FastPipelines.Dataset(rows: 1200));
        Assert.Equal(RunOutcome.Promoted, change.Outcome);

        // The same data and training, started after the change (a spec that differs only in its approval timeout).
        var after = await StartAsync(host, ApprovalSpec(pipeline).Replace("\"1h\"", "\"2h\"", StringComparison.Ordinal), pipeline, "batch-2-again.csv", batch2);
        var started = await DecidedAsync(host, after);
        Assert.Equal(StatusCodes.Status202Accepted, await AnswerAsync(host, waiting, approve: true, "{\"by\":\"alice\"}"));
        var redecided = await CompletionAsync(host, waiting);

        Assert.Equal(1, redecided.Redecisions);
        Assert.Equal(change.PublishedVersion, redecided.Champion!.Version);
        Assert.Equal(change.PublishedVersion, started.Champion!.Version);
        // The new champion was scored on the same holdout rows either way, so it measured the same.
        Assert.Equal(started.Champion.Metrics.OrderBy(m => m.Key), redecided.Champion.Metrics.OrderBy(m => m.Key));
        // And every gate the policy makes came out the same as for the run that saw the change from the start.
        Assert.Equal(PolicyGates(started), PolicyGates(redecided));
        Assert.Equal(started.Decision!.Promote, redecided.Decision!.Promote);
    }

    /// <summary>The run's record once it decided: a run that passed every gate waits for approval and is rejected here.</summary>
    private static async Task<RunRecord> DecidedAsync(PipelineTestHost host, string runId)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await host.Client.GetInstanceAsync(runId, getInputsAndOutputs: true, limit.Token) is { IsCompleted: false } instance)
        {
            if (instance.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<RunProgress>()?.Stage == RunStages.AwaitingApproval)
            {
                Assert.Equal(StatusCodes.Status202Accepted, await AnswerAsync(host, runId, approve: false, "{\"by\":\"alice\",\"reason\":\"for comparison only\"}"));
                break;
            }

            await Task.Delay(100, limit.Token);
        }

        return await CompletionAsync(host, runId);
    }

    private static IEnumerable<(string Gate, bool Passed)> PolicyGates(RunRecord record) =>
        record.Decision!.Gates.Where(g => g.Gate is not (ApprovalGate.Gate or Core.Promotion.PromotionPolicy.SmokeTestGate)).Select(g => (g.Gate, g.Passed));

    [Fact]
    public async Task I13_6_an_answer_after_the_first_one_was_consumed_gets_409_and_the_run_promotes_once()
    {
        // The approval's audit append fails once, so the step after the answer takes a retry's back-off: long enough
        // for a second answer to arrive while the run has consumed the first.
        var faults = new FailingRequests(FailingRequests.AuditAppend, times: 1);
        await using var host = await PipelineTestHost.StartAsync(storage,
            configureServices: services => services.AddSingleton(_ => new ModelRegistry(faults.Blobs(storage.ConnectionString))));
        var pipeline = Samples.UniquePipelineName("ans");
        var runId = await StartAsync(host, ApprovalSpec(pipeline), pipeline, "batch-1.csv", FastPipelines.Dataset(rows: 1200));
        await WaitForStageAsync(host, runId, RunStages.AwaitingApproval);

        var approve = await AnswerAsync(host, runId, approve: true, "{\"by\":\"alice\"}");
        await faults.FirstFailure.WaitAsync(TimeSpan.FromMinutes(1));
        var reject = await AnswerAsync(host, runId, approve: false, "{\"by\":\"mallory\"}");
        var record = await CompletionAsync(host, runId);

        Assert.Equal((StatusCodes.Status202Accepted, StatusCodes.Status409Conflict), (approve, reject));
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        var audit = await host.Get<ModelRegistry>().ReadAuditAsync(pipeline);
        Assert.Single(audit, a => a.Action == AuditActions.Approve && a.By == "alice");
        Assert.DoesNotContain(audit, a => a.By == "mallory");
    }

    private static string ApprovalSpec(string pipeline) => FastPipelines.SpecJson(pipeline)
        .Replace("\"promotion\"", "\"approval\": \"manual\", \"approvalTimeout\": \"1h\", \"promotion\"", StringComparison.Ordinal);

    /// <summary>The first credit batch with its labels shuffled (seeded): the features say nothing about the label.</summary>
    private static BinaryData ShuffledLabels()
    {
        var lines = File.ReadAllLines(RepoPaths.CreditBatch1);
        var rows = lines.Skip(1).Select(l => (Label: l[..l.IndexOf(',', StringComparison.Ordinal)], Tail: l[l.IndexOf(',', StringComparison.Ordinal)..])).ToArray();
        var labels = rows.Select(r => r.Label).ToArray();
        new Random(7).Shuffle(labels);
        return BinaryData.FromString(string.Join('\n', rows.Select((r, i) => labels[i] + r.Tail).Prepend(lines[0])) + "\n");
    }

    private async Task<string> StartAsync(PipelineTestHost host, string specJson, string pipeline, string blobName, BinaryData data)
    {
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{blobName}").UploadAsync(data, overwrite: true);
        var spec = Core.Specs.Parsing.PipelineSpecParser.Parse(specJson, "test spec");
        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/{blobName}", new RunTrigger("manual", "test"));
        Assert.Equal(StartRunStatus.Started, start.Status);
        return start.RunId;
    }

    private async Task<RunRecord> RunToEndAsync(PipelineTestHost host, string specJson, string pipeline, string blobName, BinaryData data) =>
        await CompletionAsync(host, await StartAsync(host, specJson, pipeline, blobName, data));

    private static async Task WaitForStageAsync(PipelineTestHost host, string runId, string stage)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var instance = await host.Client.GetInstanceAsync(runId, getInputsAndOutputs: true, limit.Token);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<RunProgress>()?.Stage == stage)
            {
                return;
            }

            Assert.False(instance?.IsCompleted ?? false, $"the run ended before reaching {stage}: {instance?.RuntimeStatus} {instance?.SerializedOutput}");
            await Task.Delay(100, limit.Token);
        }
    }

    private static async Task<int> AnswerAsync(PipelineTestHost host, string runId, bool approve, string body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.ContentType = "application/json";
        context.Response.Body = new MemoryStream();
        var api = host.Get<RunApprovalsApi>();
        var result = approve ? await api.ApproveAsync(context.Request, runId, host.Client) : await api.RejectAsync(context.Request, runId, host.Client);
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    private static async Task<RunRecord> CompletionAsync(PipelineTestHost host, string runId)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var completed = await host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, limit.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }
}
