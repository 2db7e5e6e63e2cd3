using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Http;

/// <summary>
/// The run routes. Function-level keys guard them; the answers come from <see cref="RunsApi"/>, shared with
/// <c>cd4ml serve</c>, and never carry Durable's built-in status URLs (those hold the system key). The routes that start
/// or answer runs take only JSON from no browser page but the app's own or an allowed origin (<see cref="RequestGuard"/>).
/// </summary>
public sealed class RunsFunctions(RunsApi api, RunApprovalsApi approvals, RunListApi list, RequestGuard guard)
{
    [Function(nameof(StartRun))]
    public Task<IResult> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "pipelines/{pipeline}/runs")] HttpRequest request,
        string pipeline,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        guard.ThenAsync(request, () => api.StartRunAsync(request, pipeline, client, ct));

    [Function(nameof(GetRun))]
    public Task<IResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{runId}")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        api.GetRunAsync(runId, client, ct);

    [Function(nameof(ListRuns))]
    public Task<IResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        list.ListAsync(request, client, ct);

    [Function(nameof(ApproveRun))]
    public Task<IResult> ApproveRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{runId}/approve")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        guard.ThenAsync(request, () => approvals.ApproveAsync(request, runId, client, ct));

    [Function(nameof(RejectRun))]
    public Task<IResult> RejectRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{runId}/reject")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        guard.ThenAsync(request, () => approvals.RejectAsync(request, runId, client, ct));
}
