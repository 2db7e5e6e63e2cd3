using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Http;

/// <summary>The delivery-metrics route and the dashboard pages, guarded by Function keys like the management routes.</summary>
public sealed class DashboardFunctions(MetricsApi metrics, DashboardPages pages, DatasetPages datasets, StoredDocuments documents)
{
    [Function(nameof(GetDeliveryMetrics))]
    public Task<IResult> GetDeliveryMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "metrics")] HttpRequest request,
        CancellationToken ct) =>
        metrics.GetAsync(request, ct);

    [Function(nameof(DashboardOverview))]
    public Task<IResult> DashboardOverview(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard")] HttpRequest request,
        CancellationToken ct) =>
        pages.OverviewAsync(ct);

    [Function(nameof(DashboardScript))]
    public IResult DashboardScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/dashboard.js")] HttpRequest request) =>
        DashboardHtml.ScriptResult();

    [Function(nameof(DashboardPipeline))]
    public Task<IResult> DashboardPipeline(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/pipelines/{pipeline}")] HttpRequest request,
        string pipeline,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        pages.PipelineAsync(request, pipeline, client, ct);

    [Function(nameof(DashboardVersion))]
    public Task<IResult> DashboardVersion(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/pipelines/{pipeline}/versions/{version}")] HttpRequest request,
        string pipeline,
        string version,
        CancellationToken ct) =>
        pages.VersionAsync(request, pipeline, version, ct);

    [Function(nameof(DashboardModelCard))]
    public Task<IResult> DashboardModelCard(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/pipelines/{pipeline}/versions/{version}/card")] HttpRequest request,
        string pipeline,
        string version,
        CancellationToken ct) =>
        documents.ModelCardAsync(pipeline, version, ct);

    [Function(nameof(DashboardDataset))]
    public Task<IResult> DashboardDataset(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/pipelines/{pipeline}/datasets/{sha256}")] HttpRequest request,
        string pipeline,
        string sha256,
        CancellationToken ct) =>
        datasets.DatasetAsync(pipeline, sha256, ct);

    [Function(nameof(DashboardQuarantineReport))]
    public Task<IResult> DashboardQuarantineReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/pipelines/{pipeline}/datasets/{sha256}/quarantine/{runId}")] HttpRequest request,
        string pipeline,
        string sha256,
        string runId,
        CancellationToken ct) =>
        documents.QuarantineReportAsync(pipeline, sha256, runId, ct);

    [Function(nameof(DashboardRun))]
    public Task<IResult> DashboardRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/runs/{runId}")] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        pages.RunAsync(runId, client, ct);
}
