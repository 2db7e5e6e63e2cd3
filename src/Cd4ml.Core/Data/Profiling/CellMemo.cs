using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
/// and sketch bucket, its category slot, and how many more times it was seen since its count last reached the
/// category table. A repeated value then costs a hash, five compares and one cache line, instead of parsing, hashing by
/// value and a lookup; results are the same either way. Each entry is one 64-byte cache line (the array is pinned and
/// the entries aligned). Fixed size per column: the columns share a budget of <see cref="BudgetBytes"/>, each getting
/// between 64 and 2048 entries.
/// </summary>
internal sealed class CellMemo
{
    public const int BudgetBytes = 8 << 20;
    private const int EntryBytes = 64;

    private readonly byte[] _bytes;
    private readonly int _first; // byte offset of the first aligned entry
    private readonly int _mask;

    public CellMemo(int columns)
    {
        var size = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)(BudgetBytes / EntryBytes / Math.Max(1, columns))) / 2, 64u, 2048u);
        // Pinned (never moved), so an offset that aligns the first entry keeps aligning it.
        _bytes = GC.AllocateArray<byte>((size + 1) * EntryBytes, pinned: true);
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(_bytes, 0);
        _first = (int)((EntryBytes - (address % EntryBytes)) % EntryBytes);
        _mask = size - 1;
    }

    public int Size => _mask + 1;

    /// <summary>The entry for <paramref name="key"/>; <paramref name="hit"/> says whether it holds that cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Entry Find(in ShortKey key, out bool hit)
    {
        ref var entry = ref At((int)(key.Hash >> 40) & _mask);
        hit = key.Matches(entry.Hash, entry.A, entry.B, entry.C, entry.D, entry.Length);
        return ref entry;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Entry At(int index) =>
        ref Unsafe.As<byte, Entry>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), _first + (index * EntryBytes)));

    /// <summary>Hands every entry's pending count to the category table (whose slots the entries still point at).</summary>
    public void Flush(CategoryCounter categories)
    {
        for (var i = 0; i <= _mask; i++)
        {
            At(i).Flush(categories);
        }
    }

    /// <summary>Forgets every cell (after <see cref="Flush"/>), as when the category table moves its slots.</summary>
    public void Clear() => _bytes.AsSpan().Clear();

    [StructLayout(LayoutKind.Sequential, Size = EntryBytes)]
    public struct Entry
    {
        public ulong Hash;
        public ulong A;
        public ulong B;
        public ulong C;
        public ulong D;
        public double Value;
        public int Bucket;
        public int Slot; // category slot, -1 when the value is not counted
        public int Pending; // times seen since the count was last added to the category slot
        public byte Length; // bytes; 0 in an entry that holds no cell, which no key matches (an empty cell is missing, never looked up)
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
            Length = (byte)key.Length;
            Pending = 0;
        }

        /// <summary>Adds the pending count to the value's category slot.</summary>
        public void Flush(CategoryCounter categories)
        {
            if (Length != 0 && Slot >= 0 && Pending != 0)
            {
                categories.Add(Slot, Pending);
            }

            Pending = 0;
        }
    }
}
