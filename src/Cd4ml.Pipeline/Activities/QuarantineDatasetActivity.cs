using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Puts a dataset that failed its checks into quarantine with the report saying why and where in the file.</summary>
public sealed class QuarantineDatasetActivity(QuarantineStore quarantine, ProfileStore profiles) : TaskActivity<QuarantineInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, QuarantineInput input)
    {
        var profile = await profiles.GetAsync(input.Pipeline, input.Dataset.Sha256).ConfigureAwait(false);
        var report = new QuarantineReport(input.Pipeline, input.RunId, input.Dataset.Blob, input.Dataset.Sha256, input.At, input.Checks) { Profile = profile };
        return await quarantine.QuarantineAsync(report).ConfigureAwait(false);
    }
}
