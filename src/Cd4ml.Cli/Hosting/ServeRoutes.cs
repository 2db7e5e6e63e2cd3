using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// The Functions app's HTTP routes on Kestrel, under the same <c>/api</c> prefix and calling the same handlers, so a
/// client (or a test) cannot tell <c>cd4ml serve</c> from <c>func start</c>.
/// </summary>
public static class ServeRoutes
{
    public static IEndpointRouteBuilder MapCd4mlRoutes(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        // Runs (src/Cd4ml.Functions/Http/RunsFunctions.cs).
        api.MapPost("/pipelines/{pipeline}/runs", (HttpRequest request, string pipeline, RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            runs.StartRunAsync(request, pipeline, client, ct));
        api.MapGet("/runs/{runId}", (string runId, RunsApi runs, DurableTaskClient client, CancellationToken ct) =>
            runs.GetRunAsync(runId, client, ct));

        api.MapGet("/runs", (HttpRequest request, RunListApi list, DurableTaskClient client, CancellationToken ct) =>
            list.ListAsync(request, client, ct));
        api.MapPost("/runs/{runId}/approve", (HttpRequest request, string runId, RunApprovalsApi approvals, DurableTaskClient client, CancellationToken ct) =>
            approvals.ApproveAsync(request, runId, client, ct));
        api.MapPost("/runs/{runId}/reject", (HttpRequest request, string runId, RunApprovalsApi approvals, DurableTaskClient client, CancellationToken ct) =>
            approvals.RejectAsync(request, runId, client, ct));

        // Models (src/Cd4ml.Functions/Http/ModelsFunctions.cs).
        api.MapGet("/models/{pipeline}", (string pipeline, ModelsApi models, CancellationToken ct) =>
            models.GetModelAsync(pipeline, ct));
        api.MapGet("/models/{pipeline}/versions/{version}", (string pipeline, string version, ModelsApi models, CancellationToken ct) =>
            models.GetVersionAsync(pipeline, version, ct));
        api.MapGet("/models/{pipeline}/aliases/{alias}", (string pipeline, string alias, ModelsApi models, CancellationToken ct) =>
            models.GetAliasAsync(pipeline, alias, ct));
        api.MapPut("/models/{pipeline}/aliases/{alias}", (HttpRequest request, string pipeline, string alias, ModelsApi models, CancellationToken ct) =>
            models.PutAliasAsync(request, pipeline, alias, ct));
        api.MapPost("/models/{pipeline}/rollback", (HttpRequest request, string pipeline, ModelsApi models, CancellationToken ct) =>
            models.RollbackAsync(request, pipeline, ct));
        api.MapGet("/models/{pipeline}/history", (HttpRequest request, string pipeline, ModelsApi models, CancellationToken ct) =>
            models.GetHistoryAsync(request, pipeline, ct));

        // Online scoring (src/Cd4ml.Functions/Http/PredictFunctions.cs).
        api.MapPost("/pipelines/{pipeline}/predict", (HttpRequest request, string pipeline, PredictApi predict, CancellationToken ct) =>
            predict.PredictAsync(request, pipeline, ct));

        // Delivery metrics and dashboard (src/Cd4ml.Functions/Http/DashboardFunctions.cs).
        api.MapCd4mlDashboard();

        // Webhooks (src/Cd4ml.Functions/Http/WebhooksFunctions.cs): authenticated by signature, not by key.
        api.MapPost("/webhooks/github", (HttpRequest request, WebhooksApi webhooks, DurableTaskClient client, CancellationToken ct) =>
            webhooks.GitHubAsync(request, client, ct));
        api.MapPost("/webhooks/azure-devops", (HttpRequest request, WebhooksApi webhooks, DurableTaskClient client, CancellationToken ct) =>
            webhooks.AzureDevOpsAsync(request, client, ct));
        return app;
    }
}
