using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Cli.Hosting;

/// <summary>The delivery-metrics route and the dashboard pages on Kestrel, calling the handlers the Functions app calls.</summary>
public static class DashboardRoutes
{
    public static RouteGroupBuilder MapCd4mlDashboard(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics", (HttpRequest request, MetricsApi metrics, CancellationToken ct) => metrics.GetAsync(request, ct));
        api.MapGet("/dashboard", (DashboardPages pages, CancellationToken ct) => pages.OverviewAsync(ct));
        api.MapGet("/dashboard/dashboard.js", DashboardHtml.ScriptResult);
        api.MapGet("/dashboard/pipelines/{pipeline}", (HttpRequest request, string pipeline, DashboardPages pages, DurableTaskClient client, CancellationToken ct) =>
            pages.PipelineAsync(request, pipeline, client, ct));
        api.MapGet("/dashboard/pipelines/{pipeline}/versions/{version}", (HttpRequest request, string pipeline, string version, DashboardPages pages, CancellationToken ct) =>
            pages.VersionAsync(request, pipeline, version, ct));
        api.MapGet("/dashboard/pipelines/{pipeline}/versions/{version}/card", (string pipeline, string version, StoredDocuments documents, CancellationToken ct) =>
            documents.ModelCardAsync(pipeline, version, ct));
        api.MapGet("/dashboard/pipelines/{pipeline}/datasets/{sha256}", (string pipeline, string sha256, DatasetPages datasets, CancellationToken ct) =>
            datasets.DatasetAsync(pipeline, sha256, ct));
        api.MapGet("/dashboard/pipelines/{pipeline}/datasets/{sha256}/quarantine/{runId}", (string pipeline, string sha256, string runId, StoredDocuments documents, CancellationToken ct) =>
            documents.QuarantineReportAsync(pipeline, sha256, runId, ct));
        api.MapGet("/dashboard/runs/{runId}", (string runId, DashboardPages pages, DurableTaskClient client, CancellationToken ct) =>
            pages.RunAsync(runId, client, ct));
        return api;
    }

    /// <summary>
    /// <c>cd4ml serve</c> answers <c>/</c> with the dashboard: a redirect (not a route, so the route list stays the
    /// API's), to pages under <c>/api</c> that the serve key guards like every other API route.
    /// </summary>
    public static IApplicationBuilder UseDashboardAtRoot(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/" && HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.Redirect(DashboardHtml.Root);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
}
