using Azure.Storage.Blobs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Scoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Triggers;

/// <summary>A file dropped into <c>scoring/{pipeline}/{name}.csv</c> is scored by the champion (docs/scoring.md).</summary>
public sealed class ScoringFileArrivedFunction(ScoringArrivalHandler handler)
{
    // As for datasets, Event Grid delivers BlobCreated (Flex Consumption has no polling blob trigger); the blob is bound
    // as a BlobClient, which downloads nothing; blob.Name is the {name} of the path, e.g. "credit/2025-06.csv".
    [Function(nameof(ScoringFileArrived))]
    public Task<ScoringArrivalResult> ScoringFileArrived(
        [BlobTrigger($"{Containers.Scoring}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.SettingName)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        handler.HandleAsync(client, blob.Name, etag: null, ct);
}
