using Azure.Storage.Blobs;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>
/// The retraining schedule: every stored pipeline is run on its newest dataset. Runs are keyed by content
/// and spec, so a pipeline whose data and spec did not change answers "already completed" instead of retraining.
/// </summary>
public sealed class ScheduledRetrainingHandler(PipelineSpecStore specs, RunStarter starter, BlobServiceClient service, ILogger<ScheduledRetrainingHandler> logger)
{
    public async Task<IReadOnlyList<StartRunResult>> RunDueAsync(DurableTaskClient client, string source, CancellationToken ct = default)
    {
        var results = new List<StartRunResult>();
        var datasets = service.GetBlobContainerClient(Containers.Datasets);
        foreach (var pipeline in await specs.ListAsync(ct).ConfigureAwait(false))
        {
            PipelineSpec? spec;
            try
            {
                spec = await specs.GetAsync(pipeline, ct).ConfigureAwait(false);
            }
            catch (InvalidSpecException ex)
            {
                // One broken spec must not stop the schedule for every other pipeline.
                PipelineLog.ScheduledPipelineSkipped(logger, pipeline, ex.Message);
                continue;
            }

            string? newest = null;
            DateTimeOffset newestAt = DateTimeOffset.MinValue;
            await foreach (var blob in datasets.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
            {
                if (blob.Properties.LastModified is { } at && at > newestAt)
                {
                    (newest, newestAt) = (blob.Name, at);
                }
            }

            if (spec is not null && newest is not null)
            {
                results.Add(await starter.StartAsync(client, spec, newest, new RunTrigger("schedule", source), ct).ConfigureAwait(false));
            }
        }

        return results;
    }
}
