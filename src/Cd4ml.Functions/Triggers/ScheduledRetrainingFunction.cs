using Cd4ml.Pipeline.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Triggers;

/// <summary>
/// The retraining timer: pipelines whose own <c>schedule</c> came due since the last tick, and pipelines without one,
/// run on their newest dataset; unchanged ones are skipped with the reason in the result and the log.
/// </summary>
public sealed class ScheduledRetrainingFunction(ScheduledRetrainingHandler handler, TimeProvider time)
{
    // %Cd4ml:Schedule% is resolved by the host from app settings: Cd4ml__Schedule in Azure and local.settings.json.
    // A spec's own schedule is checked at each tick, so it cannot fire more often than this timer.
    [Function(nameof(ScheduledRetraining))]
    public Task<IReadOnlyList<ScheduledRunResult>> ScheduledRetraining(
        [TimerTrigger("%Cd4ml:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var tick = new ScheduleTick("timer", time.GetUtcNow(), Since: LastTick(timer), UnscheduledAreDue: true);
        return handler.RunDueAsync(client, tick, ct);
    }

    /// <summary>The previous tick as the host's schedule monitor recorded it; null when it has none (first tick, no monitor).</summary>
    public static DateTimeOffset? LastTick(TimerInfo timer) => timer?.ScheduleStatus?.Last is { } last && last > DateTime.MinValue
        ? new DateTimeOffset(last.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(last, DateTimeKind.Utc) : last.ToUniversalTime())
        : null;
}
