using System.Security.Cryptography;
using System.Text;
using Azure;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>The statuses of a handled scoring file (also its poller receipt).</summary>
public static class ScoringArrivalStatuses
{
    public const string Started = "started";

    /// <summary>The same version of the file already has its orchestration (running or finished).</summary>
    public const string AlreadyAccepted = "already-accepted";

    /// <summary>Not <c>{pipeline}/{name}.csv</c>; never handled again.</summary>
    public const string Ignored = "ignored";

    /// <summary>The pipeline has no champion yet; the local poller handles the file again when the alias is set.</summary>
    public const string WaitingForChampion = "waiting-for-champion";

    /// <summary>Handling kept failing; the reason is recorded and it is not retried.</summary>
    public const string Failed = "failed";
}

/// <summary>What happened to a dropped scoring file.</summary>
public sealed record ScoringArrivalResult(string Blob, string ETag, string Status, string? InstanceId, string? Reason);

/// <summary>
/// A file dropped at <c>scoring/{pipeline}/{name}.csv</c> starts a <see cref="ScoringPipeline"/> for that version
/// of the blob. The instance id comes from (pipeline, name, ETag), so a duplicate event is "already accepted". Used
/// by the Functions blob trigger and the local host's poller alike.
/// </summary>
public sealed class ScoringArrivalHandler(ScoringModels models, ScoringStorage storage, ILogger<ScoringArrivalHandler> logger)
{
    private static readonly OrchestrationRuntimeStatus[] s_kept =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended, OrchestrationRuntimeStatus.Completed];

    /// <summary>The orchestration id of one version of a scoring file.</summary>
    public static string InstanceId(string pipeline, string name, string etag) =>
        "score-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pipeline}\n{name}\n{etag.Trim('"')}")))[..32];

    /// <param name="client">The Durable client of the calling host.</param>
    /// <param name="blobName">The name inside the <c>scoring</c> container.</param>
    /// <param name="etag">The version seen by the caller; null: the current one.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ScoringArrivalResult> HandleAsync(DurableTaskClient client, string blobName, string? etag = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (pipeline, name, problem) = ScoringBlobs.ParseInput(blobName ?? "");
        problem ??= pipeline is not null && !PipelineNames.IsValid(pipeline) ? $"'{pipeline}' is not a pipeline name ({PipelineNames.Rule})" : null;
        if (problem is not null)
        {
            return Log(new ScoringArrivalResult(blobName ?? "", etag ?? "", ScoringArrivalStatuses.Ignored, null, problem));
        }

        if (etag is null)
        {
            try
            {
                var properties = await ScoringBlobs.Input(pipeline!, name!).Client(storage.Service).GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
                etag = properties.Value.ETag.ToString();
            }
            catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
            {
                throw new FileNotFoundException($"{Containers.Scoring}/{blobName} no longer exists", blobName, ex);
            }
        }

        // No champion: nothing is started and the file is left as it is; the receipt says so, and a champion makes it scored.
        if (await models.ResolveChampionAsync(pipeline!, ct).ConfigureAwait(false) is null)
        {
            return Log(new ScoringArrivalResult(blobName!, etag, ScoringArrivalStatuses.WaitingForChampion, null,
                $"{new NoChampionException(pipeline!).Message}; the file is left in place and scored once a champion exists"));
        }

        var instanceId = InstanceId(pipeline!, name!, etag);
        var request = new ScoringRequest(pipeline!, name!, etag, "blob");
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct).ConfigureAwait(false) is { } existing
            && s_kept.Contains(existing.RuntimeStatus))
        {
            return Log(new ScoringArrivalResult(blobName!, etag, ScoringArrivalStatuses.AlreadyAccepted, instanceId, null));
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ScoringPipeline), request, new StartOrchestrationOptions(instanceId).WithDedupeStatuses(s_kept), ct).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return Log(new ScoringArrivalResult(blobName!, etag, ScoringArrivalStatuses.AlreadyAccepted, instanceId, null));
        }

        return Log(new ScoringArrivalResult(blobName!, etag, ScoringArrivalStatuses.Started, instanceId, null));
    }

    private ScoringArrivalResult Log(ScoringArrivalResult result)
    {
        ScoringLog.FileHandled(logger, result.Blob, result.ETag, result.Status, result.InstanceId, result.Reason);
        return result;
    }
}
