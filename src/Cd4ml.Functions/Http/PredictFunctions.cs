using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cd4ml.Functions.Http;

/// <summary>
/// Online scoring with the champion. Guarded like the management routes: a function key (or Easy Auth in front), and
/// JSON only from no foreign page (<see cref="RequestGuard"/>); the answer comes from <see cref="PredictApi"/>, shared with <c>cd4ml serve</c>.
/// </summary>
public sealed class PredictFunctions(PredictApi api, RequestGuard guard)
{
    [Function(nameof(Predict))]
    public Task<IResult> Predict(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "pipelines/{pipeline}/predict")] HttpRequest request,
        string pipeline,
        CancellationToken ct) =>
        guard.ThenAsync(request, () => api.PredictAsync(request, pipeline, ct));
}
