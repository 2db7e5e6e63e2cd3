using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.AspNetCore.Http;
using static Cd4ml.Pipeline.Dashboard.DashboardHtml;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>
/// The self-contained HTML documents the pipeline stores (a version's <c>card.html</c>, a quarantine
/// <c>report.html</c>), streamed as they were written rather than rendered again, so the dashboard shows exactly
/// what was archived. Through the host, with its auth, under a policy of their own: no script at all, and only the
/// stylesheets the two renderers write, allowed by hash (a document from an older renderer shows unstyled).
/// </summary>
public sealed class StoredDocuments(ModelRegistry registry, QuarantineStore quarantine)
{
    /// <summary>The policy stored documents are sent with: their renderers' stylesheets, nothing else; sandboxed.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(ModelCardHtml.Style)}' '{Hash(QuarantineReportHtml.Style)}'; img-src data:; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'; sandbox";

    /// <summary><c>GET /api/dashboard/pipelines/{pipeline}/versions/{version}/card</c>: the version's stored model card.</summary>
    public async Task<IResult> ModelCardAsync(string pipeline, string version, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline) || !int.TryParse(version, System.Globalization.NumberStyles.None, I, out var number) || number < 1)
        {
            return NotFound("not a pipeline name and version number");
        }

        var card = await registry.ReadVersionFileAsync(pipeline, number, ModelCard.HtmlFile, ct).ConfigureAwait(false);
        return card is null ? NotFound($"{pipeline} v{number} has no stored model card") : new StoredHtmlResult(card);
    }

    /// <summary><c>GET /api/dashboard/pipelines/{pipeline}/datasets/{sha256}/quarantine/{runId}</c>: one run's stored quarantine report.</summary>
    public async Task<IResult> QuarantineReportAsync(string pipeline, string sha256, string runId, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline) || !DatasetPages.IsSha256(sha256) || RunIds.PipelineOf(runId) is null || BlobNames.Problem(runId) is not null)
        {
            return NotFound("not a pipeline name, a dataset SHA-256 and a run id");
        }

        var report = await quarantine.ReadReportHtmlAsync(pipeline, sha256, runId, ct).ConfigureAwait(false);
        return report is null ? NotFound($"run {runId} wrote no quarantine report about dataset {sha256}") : new StoredHtmlResult(report);
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static IResult NotFound(string message) =>
        Result(Page("Not found", [], $"<p role=\"alert\">{E(message)}</p>"), StatusCodes.Status404NotFound);

    private sealed class StoredHtmlResult(BinaryData html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            await response.Body.WriteAsync(html.ToMemory(), httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
