namespace Cd4ml.Core.Promotion;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a small generator whose sequence for a seed is fixed by its
/// definition, not by the runtime, so a recorded decision can be recomputed exactly on any later .NET.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>The generator of one stream of a seed: streams are independent, so work split by stream stays reproducible.</summary>
    public SeededRandom(long seed, long stream = 0)
    {
        var x = (ulong)seed;
        x = SplitMix(ref x) + ((ulong)stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A value from 0 to <paramref name="exclusiveMax"/> − 1 (multiply-shift; the bias is below 2⁻³² for any holdout size).</summary>
    public int Next(int exclusiveMax) => (int)Math.BigMul(NextUInt64(), (ulong)exclusiveMax, out _);

    /// <summary>A value in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
