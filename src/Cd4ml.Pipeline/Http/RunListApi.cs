using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Http;

/// <summary>One line of <c>GET /api/runs?pipeline=</c>.</summary>
public sealed record RunSummary(string RunId, string Status, string? Stage, RunOutcome? Outcome, string? Message, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// Lists a pipeline's runs: the finished ones from their reports in storage (they outlive any host), plus the
/// ones this host is running now.
/// </summary>
public sealed class RunListApi(RunReportStore reports)
{
    public async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct = default)
    {
        var pipeline = request.Query["pipeline"].FirstOrDefault();
        if (!PipelineNames.IsValid(pipeline))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"?pipeline= is required and must be a pipeline name: {PipelineNames.Rule}");
        }

        return Results.Json(await ListAsync(pipeline!, client, ct).ConfigureAwait(false), SpecJson.Options);
    }

    public async Task<IReadOnlyList<RunSummary>> ListAsync(string pipeline, DurableTaskClient? client, CancellationToken ct = default)
    {
        var runs = new Dictionary<string, RunSummary>(StringComparer.Ordinal);
        await foreach (var runId in reports.ListRunIdsAsync(pipeline, ct).ConfigureAwait(false))
        {
            if (await reports.ReadAsync(pipeline, runId, ct).ConfigureAwait(false) is { } report)
            {
                runs[runId] = new RunSummary(runId, "Completed", RunStages.Done, report.Outcome, report.Message, report.StartedAt, report.CompletedAt);
            }
        }

        if (client is not null)
        {
            var query = new OrchestrationQuery { InstanceIdPrefix = $"{pipeline}-", FetchInputsAndOutputs = true };
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
            {
                if (instance.IsCompleted || RunIds.PipelineOf(instance.InstanceId) != pipeline)
                {
                    continue;
                }

                var progress = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>();
                runs[instance.InstanceId] = new RunSummary(instance.InstanceId, instance.RuntimeStatus.ToString(), progress?.Stage, null, progress?.Detail, instance.CreatedAt, null);
            }
        }

        return [.. runs.Values.OrderByDescending(r => r.StartedAt)];
    }
}
