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
/// The manual approval gate through the real orchestration (RELIABILITY item 11): approve, reject, expire,
/// and answers that come twice or too late.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApprovalGateTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task R11_approved_run_is_promoted_and_records_who_approved_it()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "1h");

        var answer = await AnswerAsync(runId, approve: true, "{\"by\":\"alice\",\"comment\":\"looks right\"}");
        var record = await CompletionAsync(runId);

        Assert.Equal(StatusCodes.Status202Accepted, answer);
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        var gate = Assert.Single(record.Decision!.Gates, g => g.Gate == ApprovalGate.Gate);
        Assert.True(gate.Passed);
        Assert.Equal("approved by alice: looks right", gate.Reason);
        var manifest = await _host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1);
        Assert.Contains(manifest!.Decision.Gates, g => g.Gate == ApprovalGate.Gate && g.Observed == "approved by alice");
        var audit = await _host.Get<ModelRegistry>().ReadAuditAsync(pipeline);
        Assert.Contains(audit, a => a.Action == "approve" && a.By == "alice");
        Assert.Contains(audit, a => a.Action == "promote" && a.Version == 1 && a.By == "alice");
        var (alias, _) = await _host.Get<ModelRegistry>().GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal("alice", alias!.By);
    }

    [Fact]
    public async Task R11_approval_after_the_run_completed_changes_nothing()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "1h");
        await AnswerAsync(runId, approve: true, "{\"by\":\"alice\"}");
        await CompletionAsync(runId);

        var late = await AnswerAsync(runId, approve: true, "{\"by\":\"bob\"}");

        Assert.Equal(StatusCodes.Status409Conflict, late);
        Assert.Equal(new[] { 1 }, await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
        Assert.DoesNotContain(await _host.Get<ModelRegistry>().ReadAuditAsync(pipeline), a => a.By == "bob");
    }

    [Fact]
    public async Task R11_approval_raised_twice_while_waiting_promotes_once()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "1h");

        await _host.Client.RaiseEventAsync(runId, ApprovalGate.EventName, new ApprovalDecision(true, "alice", null));
        await _host.Client.RaiseEventAsync(runId, ApprovalGate.EventName, new ApprovalDecision(true, "bob", null));
        var record = await CompletionAsync(runId);

        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal(new[] { 1 }, await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
        Assert.Single(await _host.Get<ModelRegistry>().ReadAuditAsync(pipeline), a => a.Action == "promote");
    }

    [Fact]
    public async Task R11_rejected_run_publishes_nothing_and_says_who_rejected_it()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "1h");

        await AnswerAsync(runId, approve: false, "{\"by\":\"carol\",\"comment\":\"holdout too small\"}");
        var record = await CompletionAsync(runId);

        Assert.Equal(RunOutcome.Rejected, record.Outcome);
        Assert.Equal("rejected by carol: holdout too small", record.Message);
        Assert.Empty(await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
        var (alias, _) = await _host.Get<ModelRegistry>().GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Null(alias);
        Assert.Contains(await _host.Get<ModelRegistry>().ReadAuditAsync(pipeline), a => a.Action == "reject" && a.By == "carol");
    }

    [Fact]
    public async Task R11_approval_that_never_arrives_expires_the_run_with_the_champion_unchanged()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "3s");

        var record = await CompletionAsync(runId);

        Assert.Equal(RunOutcome.Expired, record.Outcome);
        Assert.Empty(await _host.Get<ModelRegistry>().ListVersionsAsync(pipeline));
        Assert.Contains(await _host.Get<ModelRegistry>().ReadAuditAsync(pipeline), a => a.Action == "expire");
    }

    [Fact]
    public async Task Approval_without_an_approver_is_refused_and_the_run_keeps_waiting()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "1h");

        var status = await AnswerAsync(runId, approve: true, "{\"comment\":\"anonymous\"}");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        var instance = await _host.Client.GetInstanceAsync(runId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
        await _host.Client.TerminateInstanceAsync(runId);
    }

    [Fact]
    public async Task Run_list_shows_the_waiting_run_and_the_finished_ones()
    {
        var pipeline = Samples.UniquePipelineName("apr");
        var runId = await StartAndWaitForApprovalAsync(pipeline, "1h");

        var waiting = await _host.Get<RunListApi>().ListAsync(pipeline, _host.Client);
        Assert.Equal(RunStages.AwaitingApproval, Assert.Single(waiting).Stage);

        await AnswerAsync(runId, approve: true, "{\"by\":\"alice\"}");
        await CompletionAsync(runId);
        var done = await _host.Get<RunListApi>().ListAsync(pipeline, _host.Client);
        Assert.Equal(RunOutcome.Promoted, Assert.Single(done).Outcome);
    }

    private async Task<string> StartAndWaitForApprovalAsync(string pipeline, string timeout)
    {
        var spec = Samples.CreditSpec(pipeline, json => json
            .Replace("\"promotion\"", $"\"approval\": \"manual\", \"approvalTimeout\": \"{timeout}\", \"promotion\"", StringComparison.Ordinal));
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch-1.csv").UploadAsync(RepoPaths.CreditBatch1, overwrite: true);
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, spec, $"{pipeline}/batch-1.csv", new RunTrigger("manual", "test"));

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var instance = await _host.Client.GetInstanceAsync(start.RunId, getInputsAndOutputs: true, limit.Token);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<RunProgress>()?.Stage == RunStages.AwaitingApproval)
            {
                return start.RunId;
            }

            Assert.False(instance?.IsCompleted ?? false, $"the run ended before asking for approval: {instance?.RuntimeStatus} {instance?.FailureDetails?.ErrorMessage} {instance?.SerializedOutput}");
            await Task.Delay(100, limit.Token);
        }
    }

    private async Task<int> AnswerAsync(string runId, bool approve, string body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Response.Body = new MemoryStream();
        var api = _host.Get<RunApprovalsApi>();
        var result = approve ? await api.ApproveAsync(context.Request, runId, _host.Client) : await api.RejectAsync(context.Request, runId, _host.Client);
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }

    private async Task<RunRecord> CompletionAsync(string runId)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var completed = await _host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, limit.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }
}
