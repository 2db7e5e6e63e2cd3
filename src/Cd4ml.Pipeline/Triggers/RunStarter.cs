using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>How a start request ended.</summary>
public enum StartRunStatus
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>A run for this dataset and spec is already pending or running.</summary>
    AlreadyAccepted,

    /// <summary>This dataset and spec already ran to a result; its record is returned instead.</summary>
    AlreadyCompleted,
}

public sealed record StartRunResult(string RunId, StartRunStatus Status, DatasetVersion Dataset, RunRecord? Existing);

/// <summary>
/// Every trigger (blob drop, webhook, schedule, API, CLI) starts runs through here: read the blob's version (not its
/// bytes), derive the deterministic run id from it, and start it only if that exact run has not been accepted or
/// completed. The run hashes the content and ends as "already ran" when the same content and spec ran before.
/// </summary>
public sealed class RunStarter(SnapshotStore snapshots, RunReportStore reports, RunArtifacts artifacts, PipelineSpecStore specs, ILogger<RunStarter> logger)
{
    private static readonly OrchestrationRuntimeStatus[] s_inFlight =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>
    /// The one way a trigger starts a run of a stored pipeline: load its spec, start the run, and say what came of it as
    /// one <see cref="RunStartOutcome"/> (an unknown pipeline, a broken spec or a missing dataset included).
    /// </summary>
    public async Task<RunStartOutcome> StartForPipelineAsync(
        DurableTaskClient client, string pipeline, string datasetBlob, RunTrigger trigger, CancellationToken ct = default, bool force = false)
    {
        PipelineSpec? spec;
        try
        {
            spec = await specs.GetAsync(pipeline, ct).ConfigureAwait(false);
        }
        catch (InvalidSpecException ex)
        {
            return new RunStartOutcome(RunStartKind.InvalidSpec, pipeline, $"the spec of '{pipeline}' is invalid: {ex.Message}");
        }

        if (spec is null)
        {
            return new RunStartOutcome(RunStartKind.UnknownPipeline, pipeline,
                $"no pipeline '{pipeline}' ({Containers.Pipelines}/{PipelineSpecStore.SpecBlob(pipeline)} does not exist); push its spec first (cd4ml pipelines push)");
        }

        return await StartForPipelineAsync(client, spec, datasetBlob, trigger, ct, force).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="StartForPipelineAsync(DurableTaskClient, string, string, RunTrigger, CancellationToken, bool)"/> for a
    /// trigger that already holds the spec (the webhook after storing it, the schedule after checking it is due).
    /// </summary>
    public async Task<RunStartOutcome> StartForPipelineAsync(
        DurableTaskClient client, PipelineSpec spec, string datasetBlob, RunTrigger trigger, CancellationToken ct = default, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            return RunStartOutcome.From(spec.Name, await StartAsync(client, spec, datasetBlob, trigger, ct, force).ConfigureAwait(false));
        }
        catch (FileNotFoundException ex)
        {
            return new RunStartOutcome(RunStartKind.DatasetMissing, spec.Name, ex.Message);
        }
    }

    /// <param name="client">The Durable client of the calling host (a Functions binding or the local host's).</param>
    /// <param name="spec">The pipeline to run.</param>
    /// <param name="datasetBlob">Blob name inside the <c>datasets</c> container; must sit under <c>{pipeline}/</c>.</param>
    /// <param name="trigger">What started the run, for lineage.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="force">Run again even if this exact run already completed (a repeat gets its own id).</param>
    public async Task<StartRunResult> StartAsync(DurableTaskClient client, PipelineSpec spec, string datasetBlob, RunTrigger trigger, CancellationToken ct = default, bool force = false)
    {
        BlobNames.Require(datasetBlob, "dataset blob");
        if (!datasetBlob.StartsWith($"{spec.Name}/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"dataset blob '{datasetBlob}' is not under '{spec.Name}/' in the {Containers.Datasets} container");
        }

        // Only the blob's version is read here, never its bytes: the run hashes them, so any dataset size answers at once.
        var dataset = await snapshots.LocateAsync(Containers.Datasets, datasetBlob, ct).ConfigureAwait(false);
        var specHash = PipelineSpecParser.Hash(spec);
        var firstRunId = RunIds.ForDrop(spec.Name, dataset.Blob, dataset.ETag, specHash, PackageVersions.Cd4ml, trigger.Commit);
        var runId = firstRunId;

        // Orchestration history may be gone (the local host keeps it in memory), but the run report is not.
        var report = await reports.ReadAsync(spec.Name, runId, ct).ConfigureAwait(false);
        for (var attempt = 2; force && report is not null && report.Outcome != RunOutcome.Failed; attempt++)
        {
            var repeat = RunIds.Repeat(firstRunId, attempt);
            (runId, report) = (repeat, await reports.ReadAsync(spec.Name, repeat, ct).ConfigureAwait(false));
        }

        if (report is not null && report.Outcome != RunOutcome.Failed)
        {
            PipelineLog.RunDeduplicated(logger, runId, dataset.Blob, "completed");
            return new StartRunResult(runId, StartRunStatus.AlreadyCompleted, dataset, report);
        }

        var existing = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, ct).ConfigureAwait(false);
        if (existing is not null && s_inFlight.Contains(existing.RuntimeStatus))
        {
            PipelineLog.RunDeduplicated(logger, runId, dataset.Blob, "accepted");
            return new StartRunResult(runId, StartRunStatus.AlreadyAccepted, dataset, null);
        }

        // The run's activities read the spec from here (version 3): stored once, before the run can ask for it.
        await artifacts.StoreSpecAsync(spec.Name, runId, spec, ct).ConfigureAwait(false);
        try
        {
            // The dedupe statuses close the race between the check above and this call: a concurrent duplicate
            // gets "already exists" instead of silently replacing the running instance.
            var options = new StartOrchestrationOptions(runId) { Version = PipelineVersions.Current }.WithDedupeStatuses(s_inFlight);
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(TrainingPipeline), new PipelineRunRequest(spec, specHash, dataset, trigger, Repeat: runId != firstRunId), options, ct).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            PipelineLog.RunDeduplicated(logger, runId, dataset.Blob, "accepted");
            return new StartRunResult(runId, StartRunStatus.AlreadyAccepted, dataset, null);
        }

        PipelineLog.RunScheduled(logger, runId, dataset.Blob);
        return new StartRunResult(runId, StartRunStatus.Started, dataset, null);
    }
}
