using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Http;

/// <summary>Body of <c>POST /api/runs/{id}/approve</c> and <c>/reject</c>.</summary>
public sealed record ApprovalBody(string? By, string? Comment);

/// <summary>Answer to an approval: what was sent, to which run.</summary>
public sealed record ApprovalResponse(string RunId, string Decision, string By, string? Comment);

/// <summary>
/// Approving or rejecting a run that waits for a person. Only a run that is running and reports the
/// <c>awaiting-approval</c> stage accepts an answer; anything else is a 409, so a second approval, or one after
/// the run ended, changes nothing.
/// </summary>
public sealed class RunApprovalsApi(RequestActors actors)
{
    // The body may be empty when Easy Auth names the approver (RequestActors.SignedInUser).
    private const string Example = "{\"by\": \"alice\", \"comment\": \"checked the holdout\"}";

    public Task<IResult> ApproveAsync(HttpRequest request, string runId, DurableTaskClient client, CancellationToken ct = default) =>
        AnswerAsync(request, runId, approved: true, client, ct);

    public Task<IResult> RejectAsync(HttpRequest request, string runId, DurableTaskClient client, CancellationToken ct = default) =>
        AnswerAsync(request, runId, approved: false, client, ct);

    private async Task<IResult> AnswerAsync(HttpRequest request, string runId, bool approved, DurableTaskClient client, CancellationToken ct)
    {
        if (RunIds.PipelineOf(runId) is null || BlobNames.Problem(runId) is not null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"'{runId}' is not a run id");
        }

        var (body, error) = await ApiResults.ReadJsonAsync<ApprovalBody>(request, RunsApi.MaxBodyBytes, Example, ct, required: false).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var by = actors.SignedInUser(request) ?? body?.By;
        if (string.IsNullOrWhiteSpace(by))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "$.by is required: who approves or rejects (or sign in, so the platform sets it)");
        }

        // Custom status (the stage) only comes back with inputs and outputs.
        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (instance is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no run '{runId}' is known to this host");
        }

        var stage = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>()?.Stage;
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Running || stage != RunStages.AwaitingApproval)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict,
                $"run '{runId}' is not waiting for approval (status {instance.RuntimeStatus}, stage {stage ?? "none"}); nothing changed");
        }

        var answer = new ApprovalDecision(approved, by.Trim(), body?.Comment);
        await client.RaiseEventAsync(runId, ApprovalGate.EventName, answer, ct).ConfigureAwait(false);
        return Results.Json(new ApprovalResponse(runId, approved ? "approved" : "rejected", answer.By, answer.Comment), SpecJson.Options,
            statusCode: StatusCodes.Status202Accepted);
    }
}
