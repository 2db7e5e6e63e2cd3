using Cd4ml.Core.Checks;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Puts a dataset that failed its checks into quarantine with the report saying why.</summary>
public sealed class QuarantineDatasetActivity(QuarantineStore quarantine) : TaskActivity<QuarantineInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, QuarantineInput input) =>
        quarantine.QuarantineAsync(new QuarantineReport(input.Pipeline, input.RunId, input.Dataset.Blob, input.Dataset.Sha256, input.At, input.Checks));
}
