using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Dashboard;
using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Http;

/// <summary>
/// <c>GET /api/metrics[?pipeline=P][&amp;since=DATE]</c>: lead time, deployment frequency, change failure rate and time
/// to restore, per pipeline and overall (docs/delivery-metrics.md).
/// </summary>
public sealed class MetricsApi(DeliveryMetricsReader reader)
{
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pipeline = request.Query["pipeline"].FirstOrDefault();
        if (pipeline is not null && !PipelineNames.IsValid(pipeline))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"?pipeline= must be a pipeline name: {PipelineNames.Rule}");
        }

        DateTimeOffset? since = null;
        if (request.Query["since"].FirstOrDefault() is { } text)
        {
            if (!DeliveryMetricsReader.TryParseSince(text, out var parsed))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "?since= must be an ISO 8601 date or date and time, e.g. 2026-11-01 or 2026-11-01T12:00:00Z");
            }

            since = parsed;
        }

        try
        {
            return ApiResults.Json(await reader.ReadAsync(pipeline, since, ct).ConfigureAwait(false));
        }
        catch (ArgumentException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }
}
