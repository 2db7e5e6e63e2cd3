using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Cd4ml.Functions.Http;

/// <summary>The delivery-metrics route and the dashboard pages, guarded by Function keys like the management routes.</summary>
public sealed class DashboardFunctions(MetricsApi metrics)
{
    [Function(nameof(GetDeliveryMetrics))]
    public Task<IResult> GetDeliveryMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "metrics")] HttpRequest request,
        CancellationToken ct) =>
        metrics.GetAsync(request, ct);
}
