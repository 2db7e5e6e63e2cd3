using Cd4ml.Core.Monitoring;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>What started an evaluation: the pipeline and the blob (feedback or predictions) whose arrival asked for it.</summary>
public sealed record MonitoringRequest(string Pipeline, string Container, string Blob, string ETag);

/// <summary>An evaluation in a few numbers (the full record is the report blob).</summary>
public sealed record MonitoringSummary(string Pipeline, int? ChampionVersion, int Windows, int Degraded, int OpenIncidents, string? Note);

/// <summary>
/// One evaluation of a pipeline's live quality, started by the arrival of feedback or predictions with a deterministic
/// instance id (<see cref="MonitoringTrigger.InstanceId"/>), so a repeated notification of the same blob version never
/// evaluates twice at once. The work is one idempotent activity; this orchestrator only gives it durability and retries.
/// </summary>
public sealed class LiveMonitoring : TaskOrchestrator<MonitoringRequest, MonitoringSummary?>
{
    private static readonly TaskOptions s_retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(5)));

    public override Task<MonitoringSummary?> RunAsync(TaskOrchestrationContext context, MonitoringRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return context.CallActivityAsync<MonitoringSummary?>(nameof(EvaluateMonitoringActivity), input.Pipeline, s_retry);
    }
}

/// <summary>Runs <see cref="MonitoringEvaluator"/> for one pipeline and returns its summary.</summary>
public sealed class EvaluateMonitoringActivity(MonitoringEvaluator evaluator) : TaskActivity<string, MonitoringSummary?>
{
    public override async Task<MonitoringSummary?> RunAsync(TaskActivityContext context, string input)
    {
        var report = await evaluator.EvaluateAsync(input).ConfigureAwait(false);
        return report is null ? null : Summarize(report);
    }

    public static MonitoringSummary Summarize(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new MonitoringSummary(report.Pipeline, report.ChampionVersion, report.Windows.Count, report.Windows.Count(w => w.Degraded),
            report.Incidents.Count(i => i.Status == IncidentStates.Open), report.Note);
    }
}
