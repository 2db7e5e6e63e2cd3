using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// The manual approval step: after every automatic gate passed, the run waits for an external event with a
/// durable timer as its deadline. The answer (or its absence) becomes one more gate of the decision, so the
/// manifest and report say who approved, when and why.
/// </summary>
public static class ApprovalGate
{
    /// <summary>The external event a person's answer arrives as.</summary>
    public const string EventName = "approval";

    public const string Gate = ApprovalText.Gate;

    private const string ApprovedBy = ApprovalText.ApprovedBy;

    public static async Task<(Decision Decision, RunOutcome? Stopped, string By)> AwaitAsync(TaskOrchestrationContext context, PipelineSpec spec, Decision decision)
    {
        var deadline = context.CurrentUtcDateTime + spec.ApprovalTimeout;
        context.SetCustomStatus(new RunProgress(RunStages.AwaitingApproval, $"{decision.WinnerId} passed every gate; approve or reject before {deadline:u}"));

        using var timeout = new CancellationTokenSource();
        var answer = context.WaitForExternalEvent<ApprovalDecision>(EventName, timeout.Token);
        var timer = context.CreateTimer(deadline, timeout.Token);
        var first = await Task.WhenAny(answer, timer).ConfigureAwait(true);

        // The answer (or the deadline) is consumed in this step, and the status leaves awaiting-approval in the same
        // step, so every answer that comes later is refused (409) instead of being accepted and dropped.
        if (first != answer)
        {
            context.SetCustomStatus(new RunProgress(RunStages.ApprovalAnswered, "no answer before the deadline"));
            var expired = new GateResult(Gate, false, "no answer", $"within {spec.ApprovalTimeout}",
                $"no approval arrived within {spec.ApprovalTimeout}; the run expired and the champion is unchanged");
            return (decision with { Promote = false, Gates = [.. decision.Gates, expired] }, RunOutcome.Expired, "approval-timer");
        }

        // The timer must be cancelled, or the orchestration would wait for it before completing. Cancel() runs the
        // callbacks on this (orchestrator) thread; CancelAsync would run them elsewhere and break replay.
#pragma warning disable CA1849
        timeout.Cancel();
#pragma warning restore CA1849
        var reply = await answer.ConfigureAwait(true);
        context.SetCustomStatus(new RunProgress(RunStages.ApprovalAnswered, $"{(reply.Approved ? "approved" : "rejected")} by {reply.By}"));
        var comment = string.IsNullOrWhiteSpace(reply.Comment) ? "" : $": {reply.Comment}";
        var gate = reply.Approved
            ? new GateResult(Gate, true, $"{ApprovedBy}{reply.By}", "manual approval", $"{ApprovedBy}{reply.By}{comment}")
            : new GateResult(Gate, false, $"rejected by {reply.By}", "manual approval", $"rejected by {reply.By}{comment}");
        return reply.Approved
            ? (decision with { Gates = [.. decision.Gates, gate] }, null, reply.By)
            : (decision with { Promote = false, Gates = [.. decision.Gates, gate] }, RunOutcome.Rejected, reply.By);
    }
}
