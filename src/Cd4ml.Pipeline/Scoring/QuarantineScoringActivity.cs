using Cd4ml.Core.Scoring;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>Quarantines a refused scoring file with its report and drops any staged parts.</summary>
public sealed class QuarantineScoringActivity(ScoringQuarantine quarantine, ScoringStorage storage) : TaskActivity<QuarantineScoringInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, QuarantineScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = await quarantine.QuarantineAsync(input.Request.Name, input.Refusal).ConfigureAwait(false);
        await storage.DeleteStagingAsync(input.Request.Pipeline, input.InstanceId).ConfigureAwait(false);
        return folder;
    }
}
