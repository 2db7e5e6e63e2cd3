using System.Diagnostics;
using System.Text.RegularExpressions;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Orchestration;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>
/// One span and one <c>cd4ml.stage.duration</c> measurement per activity execution. Spans come from the activities,
/// not the orchestrator: an orchestrator replays its history many times, so a span started there would be emitted
/// once per replay, while an activity runs once per attempt and its span is real work.
/// </summary>
public static partial class ActivitySpans
{
    private static readonly Dictionary<string, string> s_stages = new(StringComparer.Ordinal)
    {
        [nameof(SnapshotDatasetActivity)] = RunStages.Snapshot,
        [nameof(SnapshotDropActivity)] = RunStages.Snapshot,
        [nameof(ClaimContentActivity)] = RunStages.Snapshot,
        [nameof(ProfileDatasetActivity)] = RunStages.Profiling,
        [nameof(FindChampionActivity)] = RunStages.Checks,
        [nameof(RunDataCheckActivity)] = RunStages.Checks,
        [nameof(QuarantineDatasetActivity)] = RunStages.Quarantine,
        [nameof(TrainCandidateActivity)] = RunStages.Training,
        [nameof(EvaluateChampionActivity)] = RunStages.Champion,
        [nameof(DecidePromotionActivity)] = RunStages.Deciding,
        [nameof(VerifyCandidateActivity)] = RunStages.SmokeTest,
        [nameof(PublishVersionActivity)] = RunStages.Publishing,
        [nameof(PromoteWinnerActivity)] = RunStages.Publishing,
        [nameof(WriteRunReportActivity)] = RunStages.Reporting,
    };

    /// <summary>The run stage an activity belongs to; activities added later get their name in kebab case.</summary>
    public static string StageOf(string activityName) =>
        s_stages.TryGetValue(activityName, out var stage)
            ? stage
            : WordStart().Replace(activityName.EndsWith("Activity", StringComparison.Ordinal) ? activityName[..^8] : activityName, "-$1").ToLowerInvariant();

    /// <summary>Runs <paramref name="run"/> inside a span named after the activity, tagged with the run, pipeline and stage.</summary>
    public static async Task<T> RunAsync<T>(string activityName, string runId, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var stage = StageOf(activityName);
        var pipeline = RunIds.PipelineOf(runId) ?? "";
        using var span = PipelineTelemetry.Source.StartActivity(activityName, ActivityKind.Internal);
        span?.SetTag(TagNames.RunId, runId);
        span?.SetTag(TagNames.Pipeline, pipeline);
        span?.SetTag(TagNames.Stage, stage);
        span?.SetTag(TagNames.Activity, activityName);
        var started = Stopwatch.GetTimestamp();
        var status = "ok";
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            status = "error";
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            span?.AddException(ex);
            // Both hosts run every activity through here, so this is where a fault is judged transient or not for ActivityRetry.
            if (TransientFaults.AtBoundary(ex) is { } judged)
            {
                throw judged;
            }

            throw;
        }
        finally
        {
            PipelineTelemetry.StageDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(TagNames.Stage, stage),
                new KeyValuePair<string, object?>(TagNames.Pipeline, pipeline),
                new KeyValuePair<string, object?>(TagNames.Status, status));
        }
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
