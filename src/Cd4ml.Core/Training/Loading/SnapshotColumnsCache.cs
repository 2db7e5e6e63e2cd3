namespace Cd4ml.Core.Training.Loading;

/// <summary>
/// Snapshots read into memory (<see cref="SnapshotColumns"/>), kept per snapshot SHA-256 and set of columns so that the
/// candidates of a run, and the champion scored on the same snapshot, read the file once per process. Concurrent callers
/// of one key wait for the one reading it. Bounded by <see cref="MaxBytes"/>: after each read the least recently used
/// tables leave until the rest fit; a table larger than the cap is handed to whoever waited for it and not kept.
/// </summary>
public sealed class SnapshotColumnsCache
{
    /// <summary>The default cap: 1 GiB, room for a few snapshots of millions of rows.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _bytes;
    private long _clock;

    /// <param name="maxBytes">The cap; null for <see cref="DefaultMaxBytes"/>; 0 turns in-memory loading off (see <see cref="Enabled"/>).</param>
    public SnapshotColumnsCache(long? maxBytes = null)
    {
        MaxBytes = maxBytes ?? DefaultMaxBytes;
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytes, nameof(maxBytes));
    }

    public long MaxBytes { get; }

    /// <summary>False when the cap is 0: candidates then read the file themselves with ML.NET's text loader, as before this cache.</summary>
    public bool Enabled => MaxBytes > 0;

    /// <summary>The bytes of the tables kept now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>How many times a table was read from a file (not found in the cache); for tests and benchmarks.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    /// <summary>The table of <paramref name="wanted"/> columns of the snapshot <paramref name="sha256"/>, read from <paramref name="csvPath"/> if not kept.</summary>
    public SnapshotColumns GetOrRead(string sha256, string csvPath, IReadOnlyCollection<ColumnRead> wanted)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        ArgumentNullException.ThrowIfNull(wanted);
        var key = sha256 + ":" + string.Join(',', wanted.Distinct().OrderBy(c => c.FileIndex).ThenBy(c => c.Kind).Select(c => $"{c.FileIndex}{c.Kind}"));
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(new Lazy<SnapshotColumns>(() =>
                {
                    Interlocked.Increment(ref _reads);
                    return SnapshotColumns.Read(csvPath, wanted);
                }, LazyThreadSafetyMode.ExecutionAndPublication));
                _entries[key] = entry;
            }

            entry.LastUsed = ++_clock;
        }

        SnapshotColumns table;
        try
        {
            table = entry.Table.Value;
        }
        catch
        {
            // A failed read is not kept: the next caller tries the file again.
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var current) && current == entry)
                {
                    _entries.Remove(key);
                }
            }

            throw;
        }

        lock (_gate)
        {
            if (!entry.Counted && _entries.TryGetValue(key, out var current) && current == entry)
            {
                entry.Counted = true;
                if (table.ApproximateBytes > MaxBytes)
                {
                    _entries.Remove(key);
                }
                else
                {
                    _bytes += table.ApproximateBytes;
                    EvictBeyondCap();
                }
            }
        }

        return table;
    }

    /// <summary>Drops every kept table, so the next caller reads its file again (benchmarks measure a cold start this way).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _bytes = 0;
        }
    }

    private void EvictBeyondCap()
    {
        while (_bytes > MaxBytes)
        {
            var oldest = _entries.Where(e => e.Value.Counted).MinBy(e => e.Value.LastUsed);
            _entries.Remove(oldest.Key);
            _bytes -= oldest.Value.Table.Value.ApproximateBytes;
        }
    }

    private sealed class Entry(Lazy<SnapshotColumns> table)
    {
        public Lazy<SnapshotColumns> Table { get; } = table;

        public bool Counted { get; set; }

        public long LastUsed { get; set; }
    }
}
