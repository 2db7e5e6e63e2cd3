using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>What happened to a dropped dataset.</summary>
/// <param name="Blob">The blob name inside the <c>datasets</c> container.</param>
/// <param name="Run">The run it started or was deduplicated into; null when ignored.</param>
/// <param name="IgnoredBecause">Why no run was started.</param>
/// <param name="WaitsForPipeline">Ignored only because the pipeline has no usable spec yet; pushing one makes it runnable.</param>
public sealed record DatasetArrivalResult(string Blob, StartRunResult? Run, string? IgnoredBecause, bool WaitsForPipeline = false);

/// <summary>
/// A dataset dropped at <c>datasets/{pipeline}/{name}</c> runs the spec stored at <c>pipelines/{pipeline}.json</c>.
/// Used by the Functions blob trigger and by the local host's poller alike.
/// </summary>
public sealed class DatasetArrivalHandler(RunStarter starter, ILogger<DatasetArrivalHandler> logger)
{
    public async Task<DatasetArrivalResult> HandleAsync(DurableTaskClient client, string blobName, CancellationToken ct = default)
    {
        var problem = BlobNames.Problem(blobName);
        var pipeline = blobName is null ? null : new BlobAddress(Containers.Datasets, blobName).FirstSegment;
        string? ignored = problem is not null ? problem
            : pipeline is null ? $"a dataset must be dropped under {Containers.Datasets}/{{pipeline}}/"
            : !PipelineNames.IsValid(pipeline) ? $"'{pipeline}' is not a pipeline name ({PipelineNames.Rule})"
            : null;

        if (ignored is not null)
        {
            PipelineLog.DatasetIgnored(logger, blobName ?? "", ignored);
            return new DatasetArrivalResult(blobName ?? "", null, ignored);
        }

        var outcome = await starter.StartForPipelineAsync(client, pipeline!, blobName!, new RunTrigger("blob", $"{Containers.Datasets}/{blobName}"), ct).ConfigureAwait(false);
        switch (outcome.Kind)
        {
            case RunStartKind.DatasetMissing:
                // Deleted since the event: there is nothing left to run or to record.
                throw new FileNotFoundException(outcome.Reason, blobName);
            case var kind when RunStartAnswers.WaitsForPipeline(kind):
                // A missing or broken spec is the pipeline's problem, not the dataset's: the blob stays where it is, and
                // pushing a good spec runs it.
                var reason = $"{outcome.Reason}; the dataset is left in place";
                PipelineLog.DatasetIgnored(logger, blobName!, reason);
                return new DatasetArrivalResult(blobName!, null, reason, WaitsForPipeline: true);
            default:
                return new DatasetArrivalResult(blobName!, outcome.Run, null);
        }
    }
}
