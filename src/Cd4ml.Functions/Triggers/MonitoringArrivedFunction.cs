using Azure.Storage.Blobs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Monitoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Triggers;

/// <summary>
/// Feedback dropped into <c>feedback/{pipeline}/…csv</c>, or a predictions manifest written to
/// <c>predictions/{pipeline}/…json</c>, starts an evaluation of that pipeline's live quality.
/// </summary>
public sealed class MonitoringArrivedFunction(MonitoringTrigger trigger)
{
    // Event Grid delivers BlobCreated as for datasets; the blob is bound as a BlobClient (nothing downloaded) and its
    // ETag makes the evaluation's instance id, so a redelivered event starts nothing new.
    [Function(nameof(FeedbackArrived))]
    public async Task<string?> FeedbackArrived(
        [BlobTrigger($"{Containers.Feedback}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.SettingName)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        await StartAsync(Containers.Feedback, blob, client, ct).ConfigureAwait(false);

    [Function(nameof(PredictionsArrived))]
    public async Task<string?> PredictionsArrived(
        [BlobTrigger($"{Containers.Predictions}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.SettingName)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        await StartAsync(Containers.Predictions, blob, client, ct).ConfigureAwait(false);

    private async Task<string?> StartAsync(string container, BlobClient blob, DurableTaskClient client, CancellationToken ct)
    {
        if (MonitoringTrigger.PipelineOf(container, blob.Name) is null)
        {
            return null; // not a feedback CSV or a predictions manifest: nothing to evaluate, nothing read
        }

        var properties = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
        return await trigger.StartAsync(client, container, blob.Name, properties.Value.ETag.ToString(), ct).ConfigureAwait(false);
    }
}
