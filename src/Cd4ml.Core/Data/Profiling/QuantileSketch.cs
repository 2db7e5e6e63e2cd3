namespace Cd4ml.Core.Data.Profiling;

// API the data checks build on; the streaming profiler owns the implementation.

/// <summary>A mergeable quantile sketch of a numeric column (relative-accuracy buckets).</summary>
public sealed record QuantileSketch
{
    public long Count { get; init; }

    /// <summary>The value at quantile <paramref name="q"/> (0..1), within the sketch's relative accuracy.</summary>
    public double Quantile(double q) => throw new NotImplementedException();

    /// <summary>The share of values ≤ <paramref name="x"/> (0..1).</summary>
    public double Rank(double x) => throw new NotImplementedException();

    /// <summary>The sketch of both inputs' values, as if one pass had seen them all.</summary>
    public QuantileSketch Merge(QuantileSketch other) => throw new NotImplementedException();
}

/// <summary>A mergeable distinct-count sketch (HyperLogLog).</summary>
public sealed record DistinctSketch
{
    public long Estimate() => throw new NotImplementedException();

    public DistinctSketch Merge(DistinctSketch other) => throw new NotImplementedException();
}
