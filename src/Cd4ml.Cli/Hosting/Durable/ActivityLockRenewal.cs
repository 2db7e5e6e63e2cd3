using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Cli.Hosting.Durable;

/// <summary>
/// The orchestration service the local sidecar dispatches from, with three things added. While an activity runs, its
/// work item's lock is renewed: the sidecar's dispatcher never renews, so without this an activity longer than the
/// visibility timeout (training on a large dataset) would be handed to a second worker while the first still runs;
/// with it the timeout can stay short, which is how quickly a killed process's activities are taken over. And the
/// number of activities at once is held by <see cref="ActivitySlots"/>, which starts the next one as soon as one
/// finishes (the sidecar is told a higher limit, so its own 500 ms polling never comes into play). And every call to
/// stop gets the first stop's task, so the host can wait for the partition leases to be released.
/// Everything else passes through to the backend.
/// </summary>
internal sealed partial class ActivityLockRenewal(IOrchestrationService inner, TimeSpan visibilityTimeout, ILogger logger) : IOrchestrationService
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _renewals = new(StringComparer.Ordinal);
    private readonly ActivitySlots _slots = new(inner.MaxConcurrentTaskActivityWorkItems);
    private readonly Lock _stopLock = new();
    private Task? _stopping;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await _slots.TakeAsync(
            () => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken)!, w => w.Id, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            var stop = new CancellationTokenSource();
            if (_renewals.TryAdd(workItem.Id, stop))
            {
                _ = RenewUntilDoneAsync(workItem, stop.Token);
            }
            else
            {
                stop.Dispose();
            }
        }

        return workItem!;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        StopRenewing(workItem);
        try
        {
            await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release(workItem.Id);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        StopRenewing(workItem);
        try
        {
            await inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release(workItem.Id);
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    private async Task RenewUntilDoneAsync(TaskActivityWorkItem workItem, CancellationToken done)
    {
        // A third of the timeout: two renewals can fail (a storage blip) before another worker may take the item.
        using var timer = new PeriodicTimer(visibilityTimeout / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(done).ConfigureAwait(false))
            {
                try
                {
                    await inner.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RenewalFailed(logger, workItem.Id, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The activity finished.
        }
    }

    private void StopRenewing(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem.Id, out var stop))
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    // Pass-through members.
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;
    // Above the real limit (the slots), so the sidecar never waits on its own count; every fetch waits for a slot here.
    public int MaxConcurrentTaskActivityWorkItems => _slots.Count * 2;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public Task StartAsync()
    {
        lock (_stopLock)
        {
            _stopping = null;
        }

        return inner.StartAsync();
    }

    public Task StopAsync() => StopAsync(isForced: false);

    // The sidecar starts the stop from a callback nobody awaits; a second call to the backend returns at once while the
    // first is still draining its partitions. Every caller gets the first stop, so the host can wait for the leases to
    // be released (DurableSidecar.StopAsync).
    public Task StopAsync(bool isForced)
    {
        lock (_stopLock)
        {
            return _stopping ??= inner.StopAsync(isForced);
        }
    }
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}: {Reason}")]
        public static partial void RenewalFailed(ILogger logger, string workItemId, string reason);
    }
}
