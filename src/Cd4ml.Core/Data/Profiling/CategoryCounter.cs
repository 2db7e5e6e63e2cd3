using System.Globalization;
using System.Runtime.CompilerServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Exact counts per value for up to a limit of distinct values, looked up by span and a hash the caller already has
/// (no string per cell). Numbers are counted by value under their shortest round-trip spelling, so <c>1</c>, <c>1.0</c>
/// and <c>1e0</c> are one value. Past the limit, or on a value longer than the length cap, new values are no longer
/// taken (<see cref="Overflowed"/>) but the values already held keep counting. The table moves its values to new slots
/// when it grows; <c>beforeMove</c> is called first.
/// </summary>
internal sealed class CategoryCounter(int limit, int maxLength, Action? beforeMove = null)
{
    private Slot[] _slots = new Slot[16];
    private int _mask = 15;
    private int _nextOrder;

    /// <summary>A counter for one block of rows that already holds <paramref name="seed"/>'s values (counted 0), in the seed's order.</summary>
    public CategoryCounter(int limit, int maxLength, CategorySeed? seed, Action? beforeMove = null)
        : this(limit, maxLength, beforeMove)
    {
        Reset(seed);
    }

    /// <summary>Starts again, from <paramref name="seed"/>'s values (counted 0) or empty; reuses the table when it fits.</summary>
    public void Reset(CategorySeed? seed)
    {
        if (seed is null)
        {
            Array.Clear(_slots);
            Count = 0;
        }
        else
        {
            if (_slots.Length == seed.Slots.Length)
            {
                seed.Slots.CopyTo(_slots, 0);
            }
            else
            {
                _slots = (Slot[])seed.Slots.Clone();
            }

            Count = seed.Count;
        }

        _mask = _slots.Length - 1;
        _nextOrder = Count;
        Overflowed = false;
        LimitReached = false;
    }

    public int Count { get; private set; }

    public bool Overflowed { get; private set; }

    /// <summary>True once a new value was refused because the table was full (not merely too long).</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Counts <paramref name="count"/> more of the value in <paramref name="slot"/> (a slot returned since the table last moved its values).</summary>
    public void Add(int slot, long count) => _slots[slot].Count += count;

    /// <summary>Counts a text value; returns its slot, or -1 when it is not counted (limit reached, or too long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddText(ReadOnlySpan<char> value, ulong hash)
    {
        var i = (int)hash & _mask;
        while (true)
        {
            ref var slot = ref _slots[i];
            if (slot.Key is null)
            {
                return Insert(i, value, hash, isNumber: false, 0);
            }

            if (slot.Hash == hash && !slot.IsNumber && value.SequenceEqual(slot.Key))
            {
                slot.Count++;
                return i;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Counts a number; its hash (<see cref="Hashes.OfNumber"/>) is a bijection of its bits, so equal hashes mean equal numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AddNumber(double value, ulong hash)
    {
        var i = (int)hash & _mask;
        while (true)
        {
            ref var slot = ref _slots[i];
            if (slot.Key is null)
            {
                return Insert(i, default, hash, isNumber: true, value);
            }

            if (slot.Hash == hash && slot.IsNumber)
            {
                slot.Count++;
                return i;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Every value and its count.</summary>
    public IEnumerable<KeyValuePair<string, long>> Entries() =>
        _slots.Where(s => s.Key is not null).Select(s => new KeyValuePair<string, long>(s.Key!, s.Count));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Insert(int i, ReadOnlySpan<char> text, ulong hash, bool isNumber, double number)
    {
        if (Count >= limit || (!isNumber && text.Length > maxLength))
        {
            LimitReached |= Count >= limit;
            Overflowed = true;
            return -1;
        }

        ref var slot = ref _slots[i];
        slot.Key = isNumber ? number.ToString(CultureInfo.InvariantCulture) : text.ToString();
        slot.Hash = hash;
        slot.IsNumber = isNumber;
        slot.Count = 1;
        slot.Order = _nextOrder++;
        Count++;
        if (Count * 2 > _slots.Length)
        {
            Grow();
            return Find(hash, isNumber, text);
        }

        return i;
    }

    /// <summary>The values as they stand, counted 0, for a block of rows to start from (<see cref="CategoryCounter(int, int, CategorySeed?, Action?)"/>).</summary>
    public CategorySeed Seed()
    {
        var slots = (Slot[])_slots.Clone();
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Count = 0;
        }

        return new CategorySeed(slots, Count);
    }

    /// <summary>
    /// False when adding <paramref name="block"/> (the counts of the rows that follow, from a counter seeded with some
    /// earlier state of this one) could not give what one counter over all the rows would: the block refused values for
    /// lack of room, and one of this table's values is not in the block, so it may have been refused there.
    /// </summary>
    public bool CanAbsorb(CategoryCounter block)
    {
        if (!block.LimitReached)
        {
            return true;
        }

        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Key is not null && block.IndexOf(slot.Hash, slot.IsNumber, slot.Key) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Adds the counts of the block of rows that follows (when <see cref="CanAbsorb"/>): values already held add their
    /// counts, new ones are taken in the block's order of first appearance while there is room, as one counter would.
    /// </summary>
    public void Absorb(CategoryCounter block)
    {
        var entries = new List<Slot>(block.Count);
        foreach (ref readonly var slot in block._slots.AsSpan())
        {
            if (slot.Key is not null)
            {
                entries.Add(slot);
            }
        }

        entries.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        foreach (var entry in entries)
        {
            var i = IndexOf(entry.Hash, entry.IsNumber, entry.Key!);
            if (i >= 0)
            {
                _slots[i].Count += entry.Count;
            }
            else if (entry.Count == 0)
            {
                // A value of the block's seed that neither this table nor the block's rows hold: not seen yet.
            }
            else if (Count >= limit)
            {
                LimitReached = true;
                Overflowed = true;
            }
            else
            {
                InsertKey(entry.Key!, entry.Hash, entry.IsNumber, entry.Count);
            }
        }

        LimitReached |= block.LimitReached;
        Overflowed |= block.Overflowed;
    }

    private int IndexOf(ulong hash, bool isNumber, string key)
    {
        var i = (int)hash & _mask;
        while (_slots[i].Key is { } held)
        {
            if (_slots[i].Hash == hash && _slots[i].IsNumber == isNumber && (isNumber || string.Equals(held, key, StringComparison.Ordinal)))
            {
                return i;
            }

            i = (i + 1) & _mask;
        }

        return -1;
    }

    private void InsertKey(string key, ulong hash, bool isNumber, long count)
    {
        var i = (int)hash & _mask;
        while (_slots[i].Key is not null)
        {
            i = (i + 1) & _mask;
        }

        _slots[i] = new Slot { Key = key, Hash = hash, IsNumber = isNumber, Count = count, Order = _nextOrder++ };
        Count++;
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Find(ulong hash, bool isNumber, ReadOnlySpan<char> text)
    {
        var i = (int)hash & _mask;
        while (_slots[i].Key is null || _slots[i].Hash != hash || _slots[i].IsNumber != isNumber || (!isNumber && !text.SequenceEqual(_slots[i].Key)))
        {
            i = (i + 1) & _mask;
        }

        return i;
    }

    private void Grow()
    {
        // Whoever keeps slot numbers (the cell memo) hands its counts in while they still point at the right values.
        beforeMove?.Invoke();
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Key is null)
            {
                continue;
            }

            var i = (int)slot.Hash & _mask;
            while (_slots[i].Key is not null)
            {
                i = (i + 1) & _mask;
            }

            _slots[i] = slot;
        }
    }

    internal struct Slot
    {
        public string? Key;
        public ulong Hash;
        public long Count;
        public int Order; // when the value was first taken, so blocks of rows merge in the order one pass would take them
        public bool IsNumber;
    }
}

/// <summary>The values a category table held at one moment, counted 0: where a block of later rows starts counting.</summary>
internal sealed class CategorySeed(CategoryCounter.Slot[] slots, int count)
{
    public CategoryCounter.Slot[] Slots { get; } = slots;

    public int Count { get; } = count;
}
