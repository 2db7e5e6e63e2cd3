using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Telemetry;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Writes the run's full record to <c>runs/{pipeline}/{runId}/report.json</c> and records the run-level metrics: every
/// run ends here exactly once, whatever its outcome (see docs/telemetry.md).
/// </summary>
public sealed class WriteRunReportActivity(RunReportStore reports, DashboardIndexStore index, ModelRegistry registry) : TaskActivity<WriteReportInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, WriteReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var record = input.Record;

        // Activities run at least once: a retry finds its own report already written and must not count the run twice.
        // A re-run of a failed run (same id, later completion) is a new run and is counted.
        var previous = await reports.ReadAsync(record.Pipeline, record.RunId).ConfigureAwait(false);
        await reports.WriteAsync(record).ConfigureAwait(false);
        var row = await index.AddRunAsync(record).ConfigureAwait(false);
        if (record.Outcome == RunOutcome.Failed)
        {
            // A version the run wrote before it failed stays (versions are immutable) but must not look like a normal one.
            await registry.MarkRunFailedAsync(record.Pipeline, record.RunId, record.Message, record.CompletedAt ?? record.StartedAt).ConfigureAwait(false);
        }

        if (previous is null || previous.CompletedAt != record.CompletedAt)
        {
            // The index row already holds when the run's change arrived (RunArrivals): one read for both.
            RunMetrics.Record(record, row.ArrivedAt);
        }

        return true;
    }
}
