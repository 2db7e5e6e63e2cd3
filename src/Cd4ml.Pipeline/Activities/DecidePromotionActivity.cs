using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Applies the promotion policy. It runs as an activity, not in the orchestrator, because the significance and
/// fairness gates read every holdout row's predictions from storage; the policy itself is pure and seeded.
/// </summary>
public sealed class DecidePromotionActivity(PromotionDecider decider, RunSpecs specs) : TaskActivity<DecideInput, Decision>
{
    public override async Task<Decision> RunAsync(TaskActivityContext context, DecideInput input)
    {
        var spec = await specs.ResolveAsync(input.Spec, input.Run?.Pipeline ?? "", input.Run?.RunId).ConfigureAwait(false);
        return await decider.DecideAsync(spec, input.Candidates, input.Champion).ConfigureAwait(false);
    }
}
