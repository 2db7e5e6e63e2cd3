using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// The set of 64-bit row hashes behind the exact duplicate count: open addressing with linear probing in one array of
/// a power-of-two size, never more than half full. Against <see cref="HashSet{T}"/> it adds a row in one or two loads
/// from one array (no bucket and entry arrays, no chain), is optimised from its first call (every block of a file
/// fills its own set, so it is hot before tiered compilation catches up), and keeps its memory when cleared. It starts
/// small (most files are) and grows fourfold, so a set on its way to the size it is meant for copies little.
/// </summary>
internal sealed class RowHashSet
{
    private const int InitialBits = 12;

    private readonly int _expectedBits; // the size that holds the expected count at most half full
    private ulong[] _slots = new ulong[1 << InitialBits];
    private int _shift = 64 - InitialBits;
    private int _growAt = 1 << (InitialBits - 1);
    private bool _hasZero; // 0 marks an empty slot, so the hash 0 is held apart

    /// <summary>A set meant for up to <paramref name="expected"/> hashes (it holds more, growing less eagerly).</summary>
    public RowHashSet(int expected)
    {
        _expectedBits = Math.Max(InitialBits, BitOperations.Log2(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, expected))) + 1);
    }

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="hash"/>; true when it was not in the set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(ulong hash)
    {
        if (hash == 0)
        {
            if (_hasZero)
            {
                return false;
            }

            _hasZero = true;
            Count++;
            return true;
        }

        var slots = _slots;
        var mask = slots.Length - 1;
        // Fibonacci hashing spreads any bits of the hash over the index.
        var i = (int)((hash * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            var held = slots[i];
            if (held == hash)
            {
                return false;
            }

            if (held == 0)
            {
                slots[i] = hash;
                if (++Count > _growAt)
                {
                    Grow();
                }

                return true;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds every hash of <paramref name="other"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void UnionWith(RowHashSet other)
    {
        if (other._hasZero)
        {
            Add(0);
        }

        foreach (var hash in other._slots)
        {
            if (hash != 0)
            {
                Add(hash);
            }
        }
    }

    /// <summary>Empties the set, keeping its array for the next rows.</summary>
    public void Clear()
    {
        if (Count > 0)
        {
            Array.Clear(_slots);
        }

        Count = 0;
        _hasZero = false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        // Fourfold up to the expected size, half full; past it (its owner usually lets it go there) twofold, three
        // quarters full, so a set a little over its size is not doubled for nothing.
        var old = _slots;
        var bits = 64 - _shift;
        var newBits = bits < _expectedBits ? Math.Min(bits + 2, _expectedBits) : bits + 1;
        _slots = new ulong[1 << newBits];
        _shift = 64 - newBits;
        _growAt = newBits < _expectedBits ? _slots.Length >> 1 : (_slots.Length >> 1) + (_slots.Length >> 2);
        var count = Count;
        Count = _hasZero ? 1 : 0;
        foreach (var hash in old)
        {
            if (hash != 0)
            {
                Add(hash);
            }
        }

        Debug.Assert(Count == count, "Every hash moves to the bigger array.");
    }
}
