using Azure;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>What the schedule did with one pipeline.</summary>
public enum ScheduledRunStatus
{
    /// <summary>A run was started on the newest dataset.</summary>
    Started,

    /// <summary>The same run (data, spec, commit) is already pending or running.</summary>
    AlreadyAccepted,

    /// <summary>The same run already completed; its report stands.</summary>
    AlreadyCompleted,

    /// <summary>Due, but data, spec and code are unchanged since the last scheduled run: skipped without hashing.</summary>
    Unchanged,

    /// <summary>Its schedule has no occurrence since it last fired.</summary>
    NotDue,

    /// <summary>Due, but there is no dataset under <c>datasets/{pipeline}/</c>.</summary>
    NoDataset,

    /// <summary>The stored spec is invalid; the reason names each problem.</summary>
    InvalidSpec,

    /// <summary>Storage failed for this pipeline; the others were still evaluated.</summary>
    Failed,
}

/// <summary>One pipeline's result of a schedule evaluation, recorded in the answer and the log.</summary>
public sealed record ScheduledRunResult(string Pipeline, ScheduledRunStatus Status, string? RunId, string? Dataset, string Reason);

/// <summary>
/// The schedules: each stored pipeline with a due <c>schedule</c> (its spec's cron, else the default) runs on its
/// newest dataset. A due pipeline whose dataset version, spec and code are the ones its last scheduled run used is
/// skipped as <see cref="ScheduledRunStatus.Unchanged"/> unless the tick is forced. Called by the Functions timer, the
/// local scheduler and <c>cd4ml pipelines run-due</c>.
/// </summary>
public sealed class ScheduledRetrainingHandler(
    PipelineSpecStore specs,
    RunStarter starter,
    DatasetCatalog datasets,
    ScheduleStates states,
    RunReportStore reports,
    ILogger<ScheduledRetrainingHandler> logger)
{
    /// <summary>The version of the code that would train; a change of it makes an otherwise unchanged pipeline due again.</summary>
    public static string CodeVersion => PackageVersions.Cd4ml;

    public async Task<IReadOnlyList<ScheduledRunResult>> RunDueAsync(DurableTaskClient client, ScheduleTick tick, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tick);
        var results = new List<ScheduledRunResult>();
        foreach (var pipeline in await specs.ListAsync(ct).ConfigureAwait(false))
        {
            if (tick.Pipelines is { } only && !only.Contains(pipeline))
            {
                continue;
            }

            ScheduledRunResult result;
            try
            {
                result = await EvaluateAsync(client, pipeline, tick, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex)
            {
                // One pipeline's storage trouble must not stop the schedule of every other pipeline.
                result = new ScheduledRunResult(pipeline, ScheduledRunStatus.Failed, null, null, ex.Message.Split('\n')[0]);
            }

            if (result.Status != ScheduledRunStatus.NotDue)
            {
                TriggerLog.Scheduled(logger, pipeline, result.Status.ToString(), result.RunId, result.Reason);
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>Whether <paramref name="spec"/> is due at <paramref name="tick"/>, and why (or why not).</summary>
    public static (bool Due, string Reason) IsDue(PipelineSpec spec, ScheduleState? state, ScheduleTick tick)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(tick);
        if (tick.Force)
        {
            return (true, "forced");
        }

        var cron = spec.Schedule ?? tick.DefaultSchedule;
        if (cron is null)
        {
            return tick.UnscheduledAreDue ? (true, "no schedule of its own: runs at every timer tick") : (false, "no schedule");
        }

        var since = state?.FiredAt ?? tick.Since;
        if (since is null)
        {
            return (true, $"'{cron}' has not fired yet");
        }

        var next = SpecSchedules.Parse(cron).GetNextOccurrence(since.Value, TimeZoneInfo.Utc);
        return next is { } at && at <= tick.Now
            ? (true, $"'{cron}' was due at {at:O}")
            : (false, next is { } later ? $"'{cron}' is next due at {later:O}" : $"'{cron}' has no further occurrence");
    }

    private async Task<ScheduledRunResult> EvaluateAsync(DurableTaskClient client, string pipeline, ScheduleTick tick, CancellationToken ct)
    {
        PipelineSpec? spec;
        try
        {
            spec = await specs.GetAsync(pipeline, ct).ConfigureAwait(false);
        }
        catch (InvalidSpecException ex)
        {
            PipelineLog.ScheduledPipelineSkipped(logger, pipeline, ex.Message);
            return new ScheduledRunResult(pipeline, ScheduledRunStatus.InvalidSpec, null, null, ex.Message);
        }

        if (spec is null)
        {
            return new ScheduledRunResult(pipeline, ScheduledRunStatus.NotDue, null, null, "its spec was removed");
        }

        var state = await states.ReadAsync(pipeline, ct).ConfigureAwait(false);
        var (due, why) = IsDue(spec, state, tick);
        if (!due)
        {
            return new ScheduledRunResult(pipeline, ScheduledRunStatus.NotDue, null, null, why);
        }

        var dataset = await datasets.NewestAsync(pipeline, ct).ConfigureAwait(false);
        if (dataset is null)
        {
            await states.WriteAsync(new ScheduleState(pipeline, tick.Now, "no-dataset", null, null, null, null, null), ct).ConfigureAwait(false);
            return new ScheduledRunResult(pipeline, ScheduledRunStatus.NoDataset, null, null, $"{why}, but {Containers.Datasets}/{pipeline}/ is empty");
        }

        var specHash = PipelineSpecParser.Hash(spec);
        if (!tick.Force && state is { RunId: { } lastRun }
            && state.Dataset == dataset.Name && state.DatasetETag == dataset.ETag && state.SpecHash == specHash && state.CodeVersion == CodeVersion
            && await reports.ReadAsync(pipeline, lastRun, ct).ConfigureAwait(false) is { } last && last.Outcome != RunOutcome.Failed)
        {
            await states.WriteAsync(state with { FiredAt = tick.Now, Status = "unchanged" }, ct).ConfigureAwait(false);
            return new ScheduledRunResult(pipeline, ScheduledRunStatus.Unchanged, lastRun, $"{Containers.Datasets}/{dataset.Name}",
                $"{why}, but data, spec and code {CodeVersion} are unchanged since run {lastRun}");
        }

        var outcome = await starter.StartForPipelineAsync(client, spec, dataset.Name, new RunTrigger("schedule", tick.Source), ct, force: tick.Force).ConfigureAwait(false);
        if (outcome.Run is not { } started)
        {
            return new ScheduledRunResult(pipeline, ScheduledRunStatus.NoDataset, null, null, outcome.Reason);
        }

        await states.WriteAsync(new ScheduleState(pipeline, tick.Now, RunStartAnswers.Word(outcome.Kind), started.RunId, dataset.Name, dataset.ETag, specHash, CodeVersion), ct)
            .ConfigureAwait(false);
        var status = outcome.Kind switch
        {
            RunStartKind.Started => ScheduledRunStatus.Started,
            RunStartKind.AlreadyAccepted => ScheduledRunStatus.AlreadyAccepted,
            _ => ScheduledRunStatus.AlreadyCompleted,
        };
        return new ScheduledRunResult(pipeline, status, started.RunId, started.Dataset.Blob, why);
    }
}
