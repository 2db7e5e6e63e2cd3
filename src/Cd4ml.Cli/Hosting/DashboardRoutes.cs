using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cd4ml.Cli.Hosting;

/// <summary>The delivery-metrics route and the dashboard pages on Kestrel, calling the handlers the Functions app calls.</summary>
public static class DashboardRoutes
{
    public static RouteGroupBuilder MapCd4mlDashboard(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics", (HttpRequest request, MetricsApi metrics, CancellationToken ct) => metrics.GetAsync(request, ct));
        return api;
    }
}
