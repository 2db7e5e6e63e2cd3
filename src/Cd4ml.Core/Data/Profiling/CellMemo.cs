using System.Numerics;
using System.Runtime.CompilerServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>What a cell turned out to be, remembered by <see cref="CellMemo"/>.</summary>
internal enum CellKind : byte
{
    /// <summary>A finite number within single precision: counted in the statistics.</summary>
    Number,

    /// <summary>A finite number beyond single precision (such as 1e39): a bad numeric value, counted by value.</summary>
    LargeNumber,

    /// <summary>NaN or Infinity: a bad numeric value, counted by text.</summary>
    NonFinite,
    Boolean,
    Date,
    Text,
}

/// <summary>
/// A small direct-mapped memory of the column's recent short cells (by text) and what each was: its kind, its number
/// and sketch bucket, its category slot. A repeated value then costs a hash and five compares instead of parsing,
/// hashing by value and looking up; results are the same either way. Fixed size per column: the columns share a
/// budget of <see cref="BudgetBytes"/>, each getting between 64 and 2048 entries of 64 bytes.
/// </summary>
internal sealed class CellMemo
{
    public const int BudgetBytes = 8 << 20;

    private readonly Entry[] _entries;
    private readonly int _mask;

    public CellMemo(int columns)
    {
        var size = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)(BudgetBytes / 64 / Math.Max(1, columns))) / 2, 64u, 2048u);
        _entries = new Entry[size];
        _mask = size - 1;
    }

    /// <summary>The entry for <paramref name="key"/>; <paramref name="hit"/> says whether it holds that cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Entry Find(in ShortKey key, out bool hit)
    {
        ref var entry = ref _entries[(int)(key.Hash >> 40) & _mask];
        hit = key.Matches(entry.Hash, entry.A, entry.B, entry.C, entry.D, entry.Length);
        return ref entry;
    }

    public struct Entry
    {
        public ulong Hash;
        public ulong A;
        public ulong B;
        public ulong C;
        public ulong D;
        public double Value;
        public int Length; // bytes; 0 in an entry that never held a cell, which no key matches (an empty cell is missing, never looked up)
        public int Bucket;
        public int Slot; // category slot, -1 when the value is not counted
        public byte SlotVersion;
        public sbyte Sign;
        public CellKind Kind;

        /// <summary>Makes the entry remember the cell of <paramref name="key"/>; the rest was filled in by the caller.</summary>
        public void Remember(in ShortKey key)
        {
            Hash = key.Hash;
            A = key.A;
            B = key.B;
            C = key.C;
            D = key.D;
            Length = key.Length;
        }
    }
}
