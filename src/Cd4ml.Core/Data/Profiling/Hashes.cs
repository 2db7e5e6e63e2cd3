using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>The 64-bit hashes behind the distinct counts, category lookups and the cell memo.</summary>
internal static class Hashes
{
    private const ulong Seed0 = 0xa0761d6478bd642fUL;
    private const ulong Seed1 = 0xe7037ed1a0b428dbUL;
    private const ulong Seed2 = 0x8ebc6af09c88c6e3UL;
    private const ulong Seed3 = 0x589965cc75374cc3UL;

    /// <summary>
    /// The hash of a cell's or a row's text. Up to <see cref="ShortKey.MaxLength"/> characters it hashes from the
    /// <see cref="ShortKey"/> words (one or two 128-bit multiplies, as wyhash does, and a MurmurHash3 finaliser); longer
    /// text folds 16 bytes per multiply into a running state (wyhash's scheme), then the last 16 bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OfText(ReadOnlySpan<char> text) =>
        text.Length <= ShortKey.MaxLength ? new ShortKey(text).Hash : OfLongText(MemoryMarshal.AsBytes(text));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong OfLongText(ReadOnlySpan<byte> bytes)
    {
        ref var first = ref MemoryMarshal.GetReference(bytes);
        var length = bytes.Length; // more than 32
        var state = Seed0 ^ (ulong)length;
        var i = 0;
        for (; length - i > 16; i += 16)
        {
            var a = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i));
            var b = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i + 8));
            state = Fold((UInt128)(a ^ Seed1) * (b ^ state));
        }

        var c = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 16));
        var d = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 8));
        return Finalise(Fold((UInt128)(c ^ Seed2) * (d ^ state ^ Seed3)));
    }

    /// <summary>A number hashes by its value (the finaliser is a bijection of its bits), so 1 and 1.0 are one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong OfNumber(double value) => Finalise((ulong)BitConverter.DoubleToInt64Bits(value) ^ Seed1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong OfWords(ulong a, ulong b, ulong c, ulong d, int length)
    {
        var h = Fold((UInt128)(a ^ Seed0) * (b ^ Seed1 ^ (ulong)length));
        if (length > 16)
        {
            h ^= Fold((UInt128)(c ^ Seed2) * (d ^ Seed3));
        }

        return Finalise(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fold(UInt128 product) => (ulong)(product >> 64) ^ (ulong)product;

    /// <summary>MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalise(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}

/// <summary>
/// A cell of at most <see cref="MaxLength"/> characters as four 64-bit words that together cover every byte, plus
/// its byte length: two keys are equal exactly when the texts are, so comparing a key costs five compares.
/// </summary>
internal readonly struct ShortKey
{
    public const int MaxLength = 16;

    public readonly ulong A;
    public readonly ulong B;
    public readonly ulong C;
    public readonly ulong D;
    public readonly int Length;
    public readonly ulong Hash;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ShortKey(ReadOnlySpan<char> text)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        var length = bytes.Length;
        ref var first = ref MemoryMarshal.GetReference(bytes);
        // Overlapping reads from both ends cover every byte of 2..32 bytes.
        if (length >= 16)
        {
            A = Unsafe.ReadUnaligned<ulong>(ref first);
            B = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 8));
            C = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 16));
            D = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 8));
        }
        else if (length >= 8)
        {
            A = Unsafe.ReadUnaligned<ulong>(ref first);
            B = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 8));
        }
        else if (length >= 4)
        {
            A = Unsafe.ReadUnaligned<uint>(ref first);
            B = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, length - 4));
        }
        else if (length == 2)
        {
            A = Unsafe.ReadUnaligned<ushort>(ref first);
        }

        Length = length;
        Hash = Hashes.OfWords(A, B, C, D, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ulong hash, ulong a, ulong b, ulong c, ulong d, int length) =>
        hash == Hash && a == A && b == B && c == C && d == D && length == Length;
}
