using System.Collections.Concurrent;

namespace Cd4ml.Cli.Hosting.Durable;

/// <summary>
/// How many activities this process runs at once, enforced where work items are taken from the backend.
/// The local sidecar enforces its own limit by polling: when it is full it looks again every 500 ms, so a fan-out
/// of short activities (the eleven data checks) lost up to half a second per slot freed. Here the next fetch waits
/// on a semaphore that a finishing activity releases, and starts at once.
/// </summary>
internal sealed class ActivitySlots(int count)
{
    private readonly SemaphoreSlim _free = new(count, count);
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    public int Count { get; } = count;

    /// <summary>Waits for a free slot, then takes a work item with it; the slot is given back if none comes.</summary>
    public async Task<T?> TakeAsync<T>(Func<Task<T?>> fetch, Func<T, string> id, CancellationToken cancellationToken)
        where T : class
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        T? item = null;
        try
        {
            item = await fetch().ConfigureAwait(false);
        }
        finally
        {
            if (item is null || !_held.TryAdd(id(item), 0))
            {
                _free.Release();
            }
        }

        return item;
    }

    /// <summary>The work item finished (completed or abandoned): its slot is free. Twice for one item frees it once.</summary>
    public void Release(string workItemId)
    {
        if (_held.TryRemove(workItemId, out _))
        {
            _free.Release();
        }
    }
}
