using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Http;

/// <summary>Body of <c>POST /api/pipelines/{pipeline}/runs</c>; <see cref="RequestedBy"/> is recorded as the caller's claim, never as who acted.</summary>
public sealed record StartRunBody(string? Dataset, string? RequestedBy);

/// <summary>Answer to a start request. Never carries Durable's built-in status URLs (they hold the system key).</summary>
/// <summary>Answer to <c>POST /api/pipelines/{p}/runs</c>; <see cref="Sha256"/> is known only for a run that already finished (the run hashes the data).</summary>
public sealed record StartRunResponse(string RunId, string Status, string StatusUri, string Dataset, string? Sha256, RunOutcome? Outcome);

/// <summary>Answer to <c>GET /api/runs/{id}</c>.</summary>
public sealed record RunStatusResponse(string RunId, string RuntimeStatus, string? Stage, string? Detail, DateTimeOffset? CreatedAt, DateTimeOffset? LastUpdatedAt, RunRecord? Record);

/// <summary>Every 4xx answer: what was wrong, in a sentence.</summary>
public sealed record ApiError(string Error);

/// <summary>
/// The run routes, written once against ASP.NET Core types so the Functions app and <c>cd4ml serve</c> share them.
/// </summary>
public sealed class RunsApi(RunStarter starter, RunReportStore reports, RequestActors actors)
{
    /// <summary>Start requests are a few hundred bytes; anything much larger is refused unread.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public async Task<IResult> StartRunAsync(HttpRequest request, string pipeline, DurableTaskClient client, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline))
        {
            return Error(StatusCodes.Status400BadRequest, $"'{pipeline}' is not a pipeline name: {PipelineNames.Rule}");
        }

        var (body, bodyError) = await ApiResults.ReadJsonAsync<StartRunBody>(request, MaxBodyBytes, "{\"dataset\": \"{pipeline}/data.csv\"}", ct).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (string.IsNullOrWhiteSpace(body!.Dataset))
        {
            return Error(StatusCodes.Status400BadRequest, $"$.dataset is required: the dataset's blob name in the '{Containers.Datasets}' container, e.g. \"{pipeline}/data.csv\"");
        }

        var problem = BlobNames.Problem(body.Dataset);
        if (problem is not null || !body.Dataset.StartsWith($"{pipeline}/", StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status400BadRequest, $"$.dataset: {problem ?? $"must be under '{pipeline}/'"}");
        }

        var outcome = await starter.StartForPipelineAsync(client, pipeline, body.Dataset, new RunTrigger("manual", "api", RequestedBy: body.RequestedBy, Actor: actors.Of(request)), ct).ConfigureAwait(false);
        if (outcome.Run is not { } result)
        {
            return Error(RunStartAnswers.HttpStatus(outcome.Kind), outcome.Reason);
        }

        var response = new StartRunResponse(result.RunId, RunStartAnswers.Word(outcome.Kind), $"/api/runs/{result.RunId}",
            result.Dataset.Blob, result.Existing?.Dataset.Sha256, result.Existing?.Outcome);
        return Results.Json(response, SpecJson.Options, statusCode: RunStartAnswers.HttpStatus(outcome.Kind));
    }

    public async Task<IResult> GetRunAsync(string runId, DurableTaskClient client, CancellationToken ct = default)
    {
        var pipeline = RunIds.PipelineOf(runId);
        if (pipeline is null || BlobNames.Problem(runId) is not null)
        {
            return Error(StatusCodes.Status400BadRequest, $"'{runId}' is not a run id (expected {{pipeline}}-{{dataset hash}}-{{spec hash}})");
        }

        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, ct).ConfigureAwait(false);
        if (instance is not null)
        {
            var progress = instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>();
            var record = instance.IsCompleted ? instance.ReadOutputAs<RunRecord>() : null;
            return Results.Json(new RunStatusResponse(runId, instance.RuntimeStatus.ToString(), progress?.Stage, progress?.Detail,
                instance.CreatedAt, instance.LastUpdatedAt, record), SpecJson.Options);
        }

        var report = await reports.ReadAsync(pipeline, runId, ct).ConfigureAwait(false);
        return report is null
            ? Error(StatusCodes.Status404NotFound, $"no run '{runId}'")
            : Results.Json(new RunStatusResponse(runId, "Completed", RunStages.Done, report.Message, report.StartedAt, report.CompletedAt, report), SpecJson.Options);
    }

    private static IResult Error(int status, string message) => ApiResults.Error(status, message);
}
