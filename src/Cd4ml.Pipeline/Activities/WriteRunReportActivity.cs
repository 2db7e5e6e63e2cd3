using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Writes the run's full record to <c>runs/{pipeline}/{runId}/report.json</c>.</summary>
public sealed class WriteRunReportActivity(RunReportStore reports) : TaskActivity<WriteReportInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, WriteReportInput input)
    {
        await reports.WriteAsync(input.Record).ConfigureAwait(false);
        return true;
    }
}
