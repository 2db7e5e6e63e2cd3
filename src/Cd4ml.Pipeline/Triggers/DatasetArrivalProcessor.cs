using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>Hands one dropped dataset to the pipeline; the seam between the poller and the Durable host.</summary>
public interface IDatasetArrivalProcessor
{
    Task<DatasetArrivalResult> ProcessAsync(string blobName, CancellationToken ct);
}

/// <summary>The local host's processor: the same <see cref="DatasetArrivalHandler"/> the Functions blob trigger calls, on the host's Durable client.</summary>
public sealed class DurableDatasetArrivalProcessor(DatasetArrivalHandler handler, DurableTaskClient client) : IDatasetArrivalProcessor
{
    public Task<DatasetArrivalResult> ProcessAsync(string blobName, CancellationToken ct) => handler.HandleAsync(client, blobName, ct);
}
