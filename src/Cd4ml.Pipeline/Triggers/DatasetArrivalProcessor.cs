using Cd4ml.Core.Reports;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>Hands one dropped dataset to the pipeline; the seam between the poller and the Durable host.</summary>
public interface IDatasetArrivalProcessor
{
    Task<DatasetArrivalResult> ProcessAsync(string blobName, CancellationToken ct);

    /// <summary>
    /// Whether a run a receipt names exists: as an orchestration instance in the durable store, or as a finished
    /// report. A receipt whose run does neither was written by a host that lost the run (an in-memory task hub, or a
    /// crash between the two writes); the drop is handled again.
    /// </summary>
    Task<bool> RunExistsAsync(string pipeline, string runId, CancellationToken ct) => Task.FromResult(true);
}

/// <summary>The local host's processor: the same <see cref="DatasetArrivalHandler"/> the Functions blob trigger calls, on the host's Durable client.</summary>
public sealed class DurableDatasetArrivalProcessor(DatasetArrivalHandler handler, DurableTaskClient client, RunReportStore reports) : IDatasetArrivalProcessor
{
    public Task<DatasetArrivalResult> ProcessAsync(string blobName, CancellationToken ct) => handler.HandleAsync(client, blobName, ct);

    public async Task<bool> RunExistsAsync(string pipeline, string runId, CancellationToken ct) =>
        await client.GetInstanceAsync(runId, getInputsAndOutputs: false, ct).ConfigureAwait(false) is not null
        || await reports.ReadAsync(pipeline, runId, ct).ConfigureAwait(false) is not null;
}
