using Cd4ml.Core.Checks;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>The run-level metrics, recorded once per run when its report is written (the one place every run ends).</summary>
public static class RunMetrics
{
    /// <param name="record">The finished run.</param>
    /// <param name="arrivedAt">When the change that caused the run arrived (dataset upload or pushed commit), for the lead time.</param>
    public static void Record(RunRecord record, DateTimeOffset? arrivedAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        var outcome = OutcomeName(record.Outcome);
        var pipeline = new KeyValuePair<string, object?>(TagNames.Pipeline, record.Pipeline);
        var trigger = new KeyValuePair<string, object?>(TagNames.Trigger, record.Trigger.Kind);
        var completedAt = record.CompletedAt ?? record.StartedAt;

        PipelineTelemetry.RunDuration.Record(
            Math.Max(0, (completedAt - record.StartedAt).TotalSeconds), new KeyValuePair<string, object?>(TagNames.Outcome, outcome), pipeline, trigger);

        if (record.Outcome == RunOutcome.Promoted)
        {
            PipelineTelemetry.Promotions.Add(1, pipeline, trigger);
        }
        else if (GateOf(record) is { } gate)
        {
            PipelineTelemetry.Rejections.Add(1, new KeyValuePair<string, object?>(TagNames.Gate, gate), new KeyValuePair<string, object?>(TagNames.Outcome, outcome), pipeline);
        }

        // Lead time ends when a version exists in the registry, promoted or (after an alias conflict) only published.
        if (record.PublishedVersion is not null && arrivedAt is { } arrived && completedAt >= arrived)
        {
            PipelineTelemetry.LeadTime.Record((completedAt - arrived).TotalSeconds, pipeline, trigger);
        }
    }

    /// <summary>
    /// The gate that stopped a run that was not promoted: the first failed data check, the first failed promotion gate,
    /// or the outcome itself (approval rejected or expired). Null for promoted and failed runs: a failure is not a verdict.
    /// </summary>
    public static string? GateOf(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Outcome switch
        {
            RunOutcome.Promoted or RunOutcome.Failed => null,
            RunOutcome.DataRejected => record.Checks.FirstOrDefault(c => c.Status == CheckStatus.Fail)?.Name ?? "data-checks",
            RunOutcome.ChampionKept => record.Decision?.Gates.FirstOrDefault(g => !g.Passed)?.Gate
                ?? (record.PublishedVersion is not null ? "alias-conflict" : "decision"),
            _ => OutcomeName(record.Outcome),
        };
    }

    /// <summary>The outcome as the run report spells it (kebab case).</summary>
    public static string OutcomeName(RunOutcome outcome) =>
        System.Text.Json.JsonSerializer.Serialize(outcome, SpecJson.Options).Trim('"');
}
