using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// Starts a <see cref="LiveMonitoring"/> evaluation when feedback (<c>feedback/{pipeline}/…csv</c>) or a predictions
/// manifest (<c>predictions/{pipeline}/…json</c>, written after its CSV) arrives. Shared by the Functions blob triggers
/// and the local poller.
/// </summary>
public sealed class MonitoringTrigger
{
    private static readonly OrchestrationRuntimeStatus[] s_inFlight =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>The pipeline a blob belongs to, or null when the blob is not something monitoring reads.</summary>
    public static string? PipelineOf(string container, string blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var wanted = container switch
        {
            Containers.Feedback => ".csv",
            Containers.Predictions => ".json",
            _ => null,
        };
        var slash = blob.IndexOf('/', StringComparison.Ordinal);
        if (wanted is null || slash <= 0 || !blob.EndsWith(wanted, StringComparison.OrdinalIgnoreCase) || BlobNames.Problem(blob) is not null)
        {
            return null;
        }

        var pipeline = blob[..slash];
        return PipelineNames.IsValid(pipeline) ? pipeline : null;
    }

    /// <summary><c>monitor-{pipeline}-{hash of container, blob and ETag}</c>: one evaluation per arrived blob version.</summary>
    public static string InstanceId(string pipeline, string container, string blob, string etag) =>
        $"monitor-{pipeline}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{container}/{blob}|{etag.Trim('"')}")))[..16]}";

    /// <summary>Schedules the evaluation; returns its instance id, or null when the blob is not monitoring's.</summary>
    public async Task<string?> StartAsync(DurableTaskClient client, string container, string blob, string etag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (PipelineOf(container, blob) is not { } pipeline)
        {
            return null;
        }

        var id = InstanceId(pipeline, container, blob, etag);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(LiveMonitoring), new MonitoringRequest(pipeline, container, blob, etag),
                new StartOrchestrationOptions(id).WithDedupeStatuses(s_inFlight), ct).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // The same blob version is already being evaluated.
        }

        return id;
    }
}
