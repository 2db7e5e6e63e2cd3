using Azure.Storage.Blobs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Triggers;

/// <summary>A dataset dropped into <c>datasets/{pipeline}/…</c> starts a run of that pipeline.</summary>
public sealed class DatasetArrivedFunction(DatasetArrivalHandler handler)
{
    // Flex Consumption has no polling blob trigger: Event Grid delivers BlobCreated to this function's webhook
    // (the Bicep subscription targets Host.Functions.DatasetArrived, so the name is part of the deployment).
    // The blob is bound as a BlobClient, which downloads nothing; blob.Name is the {name} of the path, e.g. "credit/2025-06.csv".
    [Function(nameof(DatasetArrived))]
    public Task<DatasetArrivalResult> DatasetArrived(
        [BlobTrigger($"{Containers.Datasets}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection.SettingName)] BlobClient blob,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        handler.HandleAsync(client, blob.Name, ct);
}
