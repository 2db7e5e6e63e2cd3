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

    public int Count { get; private set; }

    public bool Overflowed { get; private set; }

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

    private int Insert(int i, ReadOnlySpan<char> text, ulong hash, bool isNumber, double number)
    {
        if (Count >= limit || (!isNumber && text.Length > maxLength))
        {
            Overflowed = true;
            return -1;
        }

        ref var slot = ref _slots[i];
        slot.Key = isNumber ? number.ToString(CultureInfo.InvariantCulture) : text.ToString();
        slot.Hash = hash;
        slot.IsNumber = isNumber;
        slot.Count = 1;
        Count++;
        if (Count * 2 > _slots.Length)
        {
            Grow();
            return Find(hash, isNumber, text);
        }

        return i;
    }

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

    private struct Slot
    {
        public string? Key;
        public ulong Hash;
        public long Count;
        public bool IsNumber;
    }
}
