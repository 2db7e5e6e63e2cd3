using Azure;
using Azure.Storage.Blobs;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>
/// What the schedule last did for a pipeline: when it fired, and on exactly which data, spec and code. The next due
/// time counts from <see cref="FiredAt"/>; the fingerprint lets an unchanged pipeline be skipped without hashing.
/// </summary>
public sealed record ScheduleState(
    string Pipeline,
    DateTimeOffset FiredAt,
    string Status,
    string? RunId,
    string? Dataset,
    string? DatasetETag,
    string? SpecHash,
    string? CodeVersion);

/// <summary>Schedule state per pipeline: <c>runs/_receipts/schedules/{pipeline}.json</c>, shared by the Functions timer and the local scheduler.</summary>
public sealed class ScheduleStates(BlobServiceClient service)
{
    public const string Prefix = "_receipts/schedules/";

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    public static string BlobName(string pipeline) => $"{Prefix}{pipeline}.json";

    public async Task<ScheduleState?> ReadAsync(string pipeline, CancellationToken ct = default)
    {
        return await Runs.GetBlobClient(BlobName(pipeline)).ReadJsonOrNullAsync<ScheduleState>(ct).ConfigureAwait(false);
    }

    public async Task WriteAsync(ScheduleState state, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await Runs.GetBlobClient(BlobName(state.Pipeline)).UploadAsync(BinaryData.FromObjectAsJson(state, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
    }
}
