using System.Runtime.CompilerServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// A mergeable quantile sketch of a numeric column (DDSketch: Masson, Rim and Lee, VLDB 2019). A positive value
/// <c>x</c> is counted in bucket <c>ceil(log_γ x)</c> with <c>γ = (1 + α) / (1 − α)</c>, so every quantile comes back within
/// relative accuracy <c>α</c> (<see cref="RelativeAccuracy"/>) of a value of that rank; negative values go to a mirror
/// store and values with magnitude below <see cref="ZeroThreshold"/> to a zero count. Each store keeps at most
/// <see cref="MaxBuckets"/> buckets and folds the lowest ones into one when it needs more (so the lowest quantiles of a
/// store lose accuracy first). The final buckets depend only on the values, not on their order, so merging adds
/// bucket counts and is exact: the merge equals the sketch of both inputs.
/// </summary>
public sealed record QuantileSketch
{
    /// <summary>Values with a smaller magnitude are counted as zero (about the smallest normal single-precision value).</summary>
    public const double ZeroThreshold = 1e-38;

    public const double DefaultRelativeAccuracy = 0.01;

    public const int DefaultMaxBuckets = 2048;

    public double RelativeAccuracy { get; init; } = DefaultRelativeAccuracy;

    public int MaxBuckets { get; init; } = DefaultMaxBuckets;

    public long Count { get; init; }

    /// <summary>The smallest value added (exact); NaN when empty.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>The largest value added (exact); NaN when empty.</summary>
    public double Max { get; init; } = double.NaN;

    public long ZeroCount { get; init; }

    /// <summary>Buckets of the positive values.</summary>
    public SketchBuckets Positive { get; init; } = SketchBuckets.Empty;

    /// <summary>Buckets of the magnitudes of the negative values.</summary>
    public SketchBuckets Negative { get; init; } = SketchBuckets.Empty;

    /// <summary>An empty sketch.</summary>
    public static QuantileSketch Empty(double relativeAccuracy = DefaultRelativeAccuracy, int maxBuckets = DefaultMaxBuckets) =>
        new QuantileAccumulator(relativeAccuracy, maxBuckets).ToSketch();

    /// <summary>The value at quantile <paramref name="q"/> (0..1), within the sketch's relative accuracy; NaN when empty.</summary>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        if (Count == 0)
        {
            return double.NaN;
        }

        // The value of rank floor(q (n - 1)), counting from 0.
        var rank = (long)Math.Floor(q * (Count - 1));
        var mapping = new LogMapping(RelativeAccuracy);
        long seen = 0;
        for (var i = Negative.Counts.Length - 1; i >= 0; i--)
        {
            seen += Negative.Counts[i];
            if (seen > rank)
            {
                return Clamp(-mapping.Value(Negative.Offset + i));
            }
        }

        seen += ZeroCount;
        if (seen > rank)
        {
            return Clamp(0);
        }

        for (var i = 0; i < Positive.Counts.Length; i++)
        {
            seen += Positive.Counts[i];
            if (seen > rank)
            {
                return Clamp(mapping.Value(Positive.Offset + i));
            }
        }

        return Max;
    }

    /// <summary>The share of values ≤ <paramref name="x"/> (0..1), counting whole buckets by their representative value; NaN when empty.</summary>
    public double Rank(double x)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        if (x >= Max)
        {
            return 1.0;
        }

        if (x < Min)
        {
            return 0.0;
        }

        var mapping = new LogMapping(RelativeAccuracy);
        long below = 0;
        for (var i = Negative.Counts.Length - 1; i >= 0; i--)
        {
            if (-mapping.Value(Negative.Offset + i) > x)
            {
                return (double)below / Count;
            }

            below += Negative.Counts[i];
        }

        if (x < 0)
        {
            return (double)below / Count;
        }

        below += ZeroCount;
        for (var i = 0; i < Positive.Counts.Length; i++)
        {
            if (mapping.Value(Positive.Offset + i) > x)
            {
                break;
            }

            below += Positive.Counts[i];
        }

        return (double)below / Count;
    }

    /// <summary>The sketch of both inputs' values, as if one pass had seen them all. Both must have the same accuracy and bucket limit.</summary>
    public QuantileSketch Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy || other.MaxBuckets != MaxBuckets)
        {
            throw new ArgumentException(
                $"Cannot merge quantile sketches of accuracy {RelativeAccuracy} / {MaxBuckets} buckets and {other.RelativeAccuracy} / {other.MaxBuckets} buckets.",
                nameof(other));
        }

        var merged = QuantileAccumulator.From(this);
        merged.Add(other);
        return merged.ToSketch();
    }

    public bool Equals(QuantileSketch? other) =>
        other is not null
        && other.RelativeAccuracy == RelativeAccuracy && other.MaxBuckets == MaxBuckets
        && other.Count == Count && other.ZeroCount == ZeroCount
        && other.Min.Equals(Min) && other.Max.Equals(Max)
        && other.Positive.Equals(Positive) && other.Negative.Equals(Negative);

    public override int GetHashCode() => HashCode.Combine(Count, ZeroCount, Min, Max);

    private double Clamp(double value) => Math.Clamp(value, Min, Max);
}

/// <summary>Consecutive bucket counts starting at bucket <see cref="Offset"/>; no zero count at either end.</summary>
public sealed record SketchBuckets
{
    public static SketchBuckets Empty { get; } = new();

    public int Offset { get; init; }

    public long[] Counts { get; init; } = [];

    public bool Equals(SketchBuckets? other) =>
        other is not null && other.Offset == Offset && other.Counts.AsSpan().SequenceEqual(Counts);

    public override int GetHashCode() => HashCode.Combine(Offset, Counts.Length);
}

/// <summary>
/// The bucket mapping of <see cref="QuantileSketch"/>: DDSketch's cubically interpolated logarithm. Instead of calling
/// <c>log</c> per value, log2 x is approximated from the exponent bits e and the significand 1 + m as
/// <c>e + P(m)</c>, <c>P(m) = (6/35) m³ − (3/5) m² + (10/7) m</c>, which is exact at powers of two and increases at
/// least <c>(10/7) ln 2</c> as fast as log2; buckets are narrowed by that factor, so each still spans a ratio of at
/// most γ and its representative value is within the relative accuracy of every value in it.
/// </summary>
internal readonly struct LogMapping
{
    private const double A = 6.0 / 35.0;
    private const double B = -3.0 / 5.0;
    private const double C = 10.0 / 7.0;
    private const long SignificandMask = 0x000F_FFFF_FFFF_FFFFL;
    private const long ExponentOfOne = 0x3FF0_0000_0000_0000L;

    private readonly double _multiplier;

    public LogMapping(double relativeAccuracy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(relativeAccuracy, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(relativeAccuracy, 1.0);
        var gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        // 1 / (log2 γ · min P'(m)(1 + m) ln 2) = 1 / (log2 γ · (10/7) ln 2) = 0.7 / ln γ
        _multiplier = 0.7 / Math.Log(gamma);
    }

    /// <summary>The bucket of a positive magnitude ≥ <see cref="QuantileSketch.ZeroThreshold"/> (a normal double).</summary>
    public int Index(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & SignificandMask) | ExponentOfOne) - 1;
        return (int)Math.Ceiling(((((((A * m) + B) * m) + C) * m) + exponent) * _multiplier);
    }

    /// <summary>The value that represents bucket <paramref name="index"/>: the harmonic mean of its bounds, within the relative accuracy of both.</summary>
    public double Value(int index)
    {
        var low = Inverse((index - 1) / _multiplier);
        var high = Inverse(index / _multiplier);
        return 2 * low * high / (low + high);
    }

    /// <summary>The x with e + P(m) = <paramref name="log2"/>: P is increasing on [0, 1], so Newton's method from m = fraction converges.</summary>
    private static double Inverse(double log2)
    {
        var exponent = Math.Floor(log2);
        var fraction = log2 - exponent;
        var m = fraction;
        for (var i = 0; i < 50; i++)
        {
            var error = ((((A * m) + B) * m) + C) * m - fraction;
            var next = Math.Clamp(m - (error / ((((3 * A * m) + (2 * B)) * m) + C)), 0.0, 1.0);
            if (next == m)
            {
                break;
            }

            m = next;
        }

        return Math.ScaleB(1 + m, (int)exponent);
    }
}

/// <summary>The mutable side of <see cref="QuantileSketch"/>, fed one value at a time during the pass.</summary>
internal sealed class QuantileAccumulator
{
    private readonly double _relativeAccuracy;
    private readonly LogMapping _mapping;
    private readonly BucketCounter _positive;
    private readonly BucketCounter _negative;
    private long _count;
    private long _zero;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public QuantileAccumulator(double relativeAccuracy, int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 2);
        _relativeAccuracy = relativeAccuracy;
        _mapping = new LogMapping(relativeAccuracy);
        _positive = new BucketCounter(maxBuckets);
        _negative = new BucketCounter(maxBuckets);
    }

    public static QuantileAccumulator From(QuantileSketch sketch)
    {
        var accumulator = new QuantileAccumulator(sketch.RelativeAccuracy, sketch.MaxBuckets);
        accumulator.Add(sketch);
        return accumulator;
    }

    /// <summary>Adds one finite value.</summary>
    public void Add(double value) => Add(value, IndexOf(value));

    /// <summary>The bucket <paramref name="value"/> goes to in its sign's store (0 for the zero count), for <see cref="Add(double, int)"/>.</summary>
    public int IndexOf(double value) =>
        value >= QuantileSketch.ZeroThreshold ? _mapping.Index(value)
        : value <= -QuantileSketch.ZeroThreshold ? _mapping.Index(-value)
        : 0;

    /// <summary>Which store a value goes to: 1 positive, -1 negative, 0 the zero count.</summary>
    public static int SignOf(double value) =>
        value >= QuantileSketch.ZeroThreshold ? 1 : value <= -QuantileSketch.ZeroThreshold ? -1 : 0;

    /// <summary>Adds one finite value whose bucket <see cref="IndexOf"/> gave.</summary>
    public void Add(double value, int index)
    {
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        AddToBucket(SignOf(value), index);
    }

    /// <summary>
    /// Counts a value of sign <paramref name="sign"/> (0 for magnitudes under the zero threshold) in bucket
    /// <paramref name="index"/>, leaving min and max to the caller (<see cref="ToSketch(double, double)"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddToBucket(int sign, int index)
    {
        _count++;
        if (sign > 0)
        {
            _positive.Add(index, 1);
        }
        else if (sign < 0)
        {
            _negative.Add(index, 1);
        }
        else
        {
            _zero++;
        }
    }

    /// <summary>Adds every value of a sketch with the same mapping.</summary>
    public void Add(QuantileSketch sketch)
    {
        if (sketch.Count == 0)
        {
            return;
        }

        _count += sketch.Count;
        _zero += sketch.ZeroCount;
        _min = Math.Min(_min, sketch.Min);
        _max = Math.Max(_max, sketch.Max);
        _positive.Add(sketch.Positive);
        _negative.Add(sketch.Negative);
    }

    public void Clear()
    {
        _count = 0;
        _zero = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        _positive.Clear();
        _negative.Clear();
    }

    /// <summary>Adds every value <paramref name="other"/> (same mapping) counted; exact, as the buckets depend only on the values.</summary>
    public void Absorb(QuantileAccumulator other)
    {
        _count += other._count;
        _zero += other._zero;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
        _positive.Add(other._positive.ToBuckets());
        _negative.Add(other._negative.ToBuckets());
    }

    /// <summary>The sketch, with the min and max the caller kept.</summary>
    public QuantileSketch ToSketch(double min, double max)
    {
        _min = Math.Min(_min, min);
        _max = Math.Max(_max, max);
        return ToSketch();
    }

    public QuantileSketch ToSketch() => new()
    {
        RelativeAccuracy = _relativeAccuracy,
        MaxBuckets = _positive.MaxBuckets,
        Count = _count,
        ZeroCount = _zero,
        Min = _count == 0 ? double.NaN : _min,
        Max = _count == 0 ? double.NaN : _max,
        Positive = _positive.ToBuckets(),
        Negative = _negative.ToBuckets(),
    };
}

/// <summary>
/// Counts per bucket index over a window of at most <see cref="MaxBuckets"/> consecutive indexes below the highest
/// index seen; anything lower is counted in the window's lowest bucket. That makes the final counts a function of the
/// values alone, whatever their order.
/// </summary>
internal sealed class BucketCounter(int maxBuckets)
{
    private long[] _counts = [];
    private int _offset; // the index of _counts[0]
    private int _low = int.MaxValue; // the window in use, within the array
    private int _high = int.MinValue;

    public int MaxBuckets { get; } = maxBuckets;

    public void Clear()
    {
        Array.Clear(_counts);
        _low = int.MaxValue;
        _high = int.MinValue;
    }

    public void Add(int index, long count)
    {
        if (index < _low || index > _high)
        {
            index = Extend(index);
        }

        _counts[index - _offset] += count;
    }

    public void Add(SketchBuckets buckets)
    {
        for (var i = 0; i < buckets.Counts.Length; i++)
        {
            if (buckets.Counts[i] != 0)
            {
                Add(buckets.Offset + i, buckets.Counts[i]);
            }
        }
    }

    public SketchBuckets ToBuckets()
    {
        if (_low > _high)
        {
            return SketchBuckets.Empty;
        }

        var used = _counts.AsSpan(_low - _offset, _high - _low + 1);
        var first = used.IndexOfAnyExcept(0L);
        if (first < 0)
        {
            return SketchBuckets.Empty;
        }

        var last = used.LastIndexOfAnyExcept(0L);
        return new SketchBuckets { Offset = _low + first, Counts = used[first..(last + 1)].ToArray() };
    }

    /// <summary>Widens the window to take <paramref name="index"/>, folding the lowest buckets if it gets too wide; returns where to count it.</summary>
    private int Extend(int index)
    {
        if (_low > _high)
        {
            _counts = new long[Math.Min(64, MaxBuckets)];
            _offset = index - (_counts.Length / 2);
            _low = _high = index;
            return index;
        }

        var high = Math.Max(_high, index);
        var low = Math.Min(_low, index);
        long folded = 0;
        if ((long)high - low + 1 > MaxBuckets)
        {
            low = high - MaxBuckets + 1;
            for (var i = _low; i < Math.Min(low, _high + 1); i++)
            {
                folded += _counts[i - _offset];
                _counts[i - _offset] = 0;
            }
        }

        var keepFrom = Math.Max(_low, low); // existing buckets that stay where they are
        if (low < _offset || high >= _offset + _counts.Length)
        {
            var length = Math.Min(Math.Max(_counts.Length * 2, high - low + 1), MaxBuckets * 2);
            length = Math.Max(length, high - low + 1);
            var counts = new long[length];
            // Leave room on the side that grew, so a column drifting one way does not reallocate every time.
            var offset = index < _low ? high - length + 1 : low;
            if (keepFrom <= _high)
            {
                Array.Copy(_counts, keepFrom - _offset, counts, keepFrom - offset, _high - keepFrom + 1);
            }

            _counts = counts;
            _offset = offset;
        }

        _low = low;
        _high = high;
        if (folded != 0)
        {
            _counts[low - _offset] += folded;
        }

        return Math.Max(index, low);
    }
}
