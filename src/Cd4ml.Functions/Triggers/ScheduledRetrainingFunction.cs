using Cd4ml.Pipeline.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Triggers;

/// <summary>The retraining schedule: every stored pipeline runs on its newest dataset (unchanged ones answer "already completed").</summary>
public sealed class ScheduledRetrainingFunction(ScheduledRetrainingHandler handler)
{
    // %Cd4ml:Schedule% is resolved by the host from app settings: Cd4ml__Schedule in Azure and local.settings.json.
    [Function(nameof(ScheduledRetraining))]
    public Task<IReadOnlyList<StartRunResult>> ScheduledRetraining(
        [TimerTrigger("%Cd4ml:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        handler.RunDueAsync(client, "timer", ct);
}
