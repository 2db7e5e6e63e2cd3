using System.Diagnostics;

namespace Cd4ml.Core.Training;

/// <summary>
/// What fitting a candidate cost. <see cref="ManagedBytesAllocated"/> counts the managed memory allocated by the
/// training thread (a proxy for memory pressure: it is the total allocated, not the most held at once, and it
/// misses native memory such as LightGBM's and any helper threads ML.NET starts). <see cref="PeakWorkingSetBytes"/>
/// is the largest working set of the whole process seen while fitting (sampled every 50 ms): it includes native
/// memory, but also anything else the process ran at the same time, such as other candidates.
/// </summary>
public sealed record TrainingCost(double Seconds, long ManagedBytesAllocated, long PeakWorkingSetBytes, long StartWorkingSetBytes)
{
    /// <summary>How far the process's working set grew above its size when fitting started.</summary>
    public long WorkingSetGrowthBytes => Math.Max(0, PeakWorkingSetBytes - StartWorkingSetBytes);
}

/// <summary>Measures one fit: wall time, managed bytes allocated on this thread, and the process's peak working set.</summary>
internal sealed class ResourceMeter : IDisposable
{
    private static readonly TimeSpan s_sampleEvery = TimeSpan.FromMilliseconds(50);

    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly long _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
    private readonly long _workingSetAtStart = Environment.WorkingSet;
    private readonly Timer _sampler;
    private long _peak;

    private ResourceMeter()
    {
        _peak = _workingSetAtStart;
        _sampler = new Timer(_ => Sample(), null, s_sampleEvery, s_sampleEvery);
    }

    public static ResourceMeter Start() => new();

    /// <summary>Stops measuring; call on the thread that started it.</summary>
    public TrainingCost Stop()
    {
        _stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart;
        _sampler.Change(Timeout.Infinite, Timeout.Infinite);
        Sample();
        return new TrainingCost(_stopwatch.Elapsed.TotalSeconds, allocated, Interlocked.Read(ref _peak), _workingSetAtStart);
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
