using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cd4ml.Functions.Http;

/// <summary>
/// The model management routes. Function-level keys guard them (Entra ID in front is the production option); the
/// answers come from <see cref="ModelsApi"/>, shared with <c>cd4ml serve</c>, and never involve Durable at all. The
/// routes that move aliases take only JSON from no browser page but the app's own or an allowed origin (<see cref="RequestGuard"/>).
/// </summary>
public sealed class ModelsFunctions(ModelsApi api, RequestGuard guard)
{
    [Function(nameof(GetModel))]
    public Task<IResult> GetModel(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{pipeline}")] HttpRequest request,
        string pipeline,
        CancellationToken ct) =>
        api.GetModelAsync(pipeline, ct);

    [Function(nameof(GetModelVersion))]
    public Task<IResult> GetModelVersion(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{pipeline}/versions/{version}")] HttpRequest request,
        string pipeline,
        string version,
        CancellationToken ct) =>
        api.GetVersionAsync(pipeline, version, ct);

    [Function(nameof(GetModelAlias))]
    public Task<IResult> GetModelAlias(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{pipeline}/aliases/{alias}")] HttpRequest request,
        string pipeline,
        string alias,
        CancellationToken ct) =>
        api.GetAliasAsync(pipeline, alias, ct);

    [Function(nameof(PutModelAlias))]
    public Task<IResult> PutModelAlias(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "models/{pipeline}/aliases/{alias}")] HttpRequest request,
        string pipeline,
        string alias,
        CancellationToken ct) =>
        guard.ThenAsync(request, () => api.PutAliasAsync(request, pipeline, alias, ct));

    [Function(nameof(RollbackModel))]
    public Task<IResult> RollbackModel(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{pipeline}/rollback")] HttpRequest request,
        string pipeline,
        CancellationToken ct) =>
        guard.ThenAsync(request, () => api.RollbackAsync(request, pipeline, ct));

    [Function(nameof(GetModelHistory))]
    public Task<IResult> GetModelHistory(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{pipeline}/history")] HttpRequest request,
        string pipeline,
        CancellationToken ct) =>
        api.GetHistoryAsync(request, pipeline, ct);
}
