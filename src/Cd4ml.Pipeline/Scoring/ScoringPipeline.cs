using Cd4ml.Core.Scoring;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>
/// Scores one dropped file with the champion: plan (pin the version the alias names now, check the header against
/// its schema, split the file into chunks of whole records) → score the chunks in parallel, each staging its rows →
/// join them into <c>predictions/{pipeline}/{name}.csv</c> and write the manifest. A schema mismatch or a cell that
/// does not parse quarantines the file and writes nothing. Deterministic: every effect is an activity.
/// </summary>
public sealed class ScoringPipeline : TaskOrchestrator<ScoringRequest, ScoringRecord>
{
    public override async Task<ScoringRecord> RunAsync(TaskOrchestrationContext context, ScoringRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new ScoringProgress("planning", 0, 0, 0));
        var plan = await context.CallActivityAsync<ScoringPlan>(nameof(PlanScoringActivity), input, ActivityRetry.Transient).ConfigureAwait(true);
        if (plan.Status == ScoringStatuses.NoChampion)
        {
            return Done(context, new ScoringRecord(input.Pipeline, input.Source, plan.Status, null, 0, null, null, plan.Reason));
        }

        var champion = plan.Champion!;
        if (plan.Status == ScoringStatuses.Refused)
        {
            return await RefuseAsync(context, input, plan, champion.Version, plan.Reason!, [], 0).ConfigureAwait(true);
        }

        var chunks = plan.Chunks.Select(chunk => context.CallActivityAsync<ChunkResult>(
            nameof(ScoreChunkActivity), new ScoreChunkInput(input, context.InstanceId, champion, plan.HeaderBytes, chunk), ActivityRetry.Transient)).ToList();
        var results = new List<ChunkResult>();
        var pending = chunks.ToList();
        context.SetCustomStatus(new ScoringProgress("scoring", 0, chunks.Count, 0));
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending).ConfigureAwait(true);
            pending.Remove(finished);
            results.Add(await finished.ConfigureAwait(true));
            context.SetCustomStatus(new ScoringProgress("scoring", results.Count, chunks.Count, results.Sum(r => r.Rows)));
        }

        results.Sort((a, b) => a.Index.CompareTo(b.Index));
        var problemCount = results.Sum(r => r.ProblemCount);
        if (problemCount > 0)
        {
            var problems = results.SelectMany(r => r.Problems).Take(BatchScorer.ListedProblems).ToList();
            var reason = $"{problemCount} problem(s) in the rows, first: {problems[0]}; nothing was scored";
            return await RefuseAsync(context, input, plan, champion.Version, reason, problems, problemCount).ConfigureAwait(true);
        }

        var rows = results.Sum(r => r.Rows);
        context.SetCustomStatus(new ScoringProgress("writing", results.Count, chunks.Count, rows));
        var output = await context.CallActivityAsync<string>(nameof(CompleteScoringActivity),
            new CompleteScoringInput(input, context.InstanceId, champion, plan.InputSha256!, chunks.Count, rows, context.CurrentUtcDateTime), ActivityRetry.Transient).ConfigureAwait(true);
        return Done(context, new ScoringRecord(input.Pipeline, input.Source, ScoringStatuses.Scored, champion.Version, rows, output, null, null), chunks.Count);
    }

    private static async Task<ScoringRecord> RefuseAsync(
        TaskOrchestrationContext context, ScoringRequest input, ScoringPlan plan, int version, string reason, IReadOnlyList<ScoringProblem> problems, long problemCount)
    {
        var refusal = new ScoringRefusal
        {
            Pipeline = input.Pipeline,
            Source = input.Source,
            SourceETag = input.ETag,
            InputSha256 = plan.InputSha256,
            At = context.CurrentUtcDateTime,
            ModelVersion = version,
            Reason = reason,
            MissingColumns = plan.MissingColumns,
            UnexpectedColumns = plan.UnexpectedColumns,
            Problems = problems,
            ProblemCount = problemCount,
        };
        var folder = await context.CallActivityAsync<string>(nameof(QuarantineScoringActivity), new QuarantineScoringInput(input, context.InstanceId, refusal), ActivityRetry.Transient).ConfigureAwait(true);
        return Done(context, new ScoringRecord(input.Pipeline, input.Source, ScoringStatuses.Refused, version, 0, null, folder, reason));
    }

    private static ScoringRecord Done(TaskOrchestrationContext context, ScoringRecord record, int chunks = 0)
    {
        context.SetCustomStatus(new ScoringProgress(record.Status, chunks, chunks, record.Rows));
        return record;
    }
}
