using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Http;

/// <summary>
/// The run routes. Function-level keys guard them; the answers come from <see cref="RunsApi"/>, shared with
/// <c>cd4ml serve</c>, and never carry Durable's built-in status URLs (those hold the system key).
/// </summary>
public sealed class RunsFunctions(RunsApi api)
{
    [Function(nameof(StartRun))]
    public Task<IResult> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "pipelines/{pipeline}/runs")] HttpRequest request,
        string pipeline,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        api.StartRunAsync(request, pipeline, client, ct);

    [Function(nameof(GetRun))]
    public Task<IResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{runId}")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        api.GetRunAsync(runId, client, ct);
}
