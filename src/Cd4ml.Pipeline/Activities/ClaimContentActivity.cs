using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Claims the run's dataset content and spec, or names the run that has them (see <see cref="ContentClaims"/>).</summary>
public sealed class ClaimContentActivity(ContentClaims claims) : TaskActivity<ClaimContentInput, ContentClaimResult>
{
    public override Task<ContentClaimResult> RunAsync(TaskActivityContext context, ClaimContentInput input) =>
        claims.ClaimAsync(input.Pipeline, input.ContentRunId, input.RunId, input.At);
}
