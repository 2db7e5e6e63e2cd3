using Cd4ml.Core.Registry;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Appends an approval, rejection or expiry to the pipeline's audit log.</summary>
public sealed class RecordApprovalActivity(ModelRegistry registry) : TaskActivity<ApprovalAuditInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ApprovalAuditInput input)
    {
        await registry.AppendAuditAsync(new AuditEntry(input.Action, input.Pipeline, ModelRegistry.Champion, null, null, input.At, input.RunId, input.By, input.Reason))
            .ConfigureAwait(false);
        return true;
    }
}
