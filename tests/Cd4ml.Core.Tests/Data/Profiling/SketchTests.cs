using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>The quantile and distinct-count sketches: accuracy against exact answers, and exact merges.</summary>
public sealed class SketchTests
{
    private static QuantileSketch Sketch(IEnumerable<double> values, double accuracy = 0.01, int maxBuckets = 2048)
    {
        var accumulator = new QuantileAccumulator(accuracy, maxBuckets);
        foreach (var v in values)
        {
            accumulator.Add(v);
        }

        return accumulator.ToSketch();
    }

    public static TheoryData<string> Distributions => ["uniform", "lognormal", "mixed-sign", "integers"];

    private static double[] Values(string distribution, int n)
    {
        var random = new Random(20_261_101);
        return distribution switch
        {
            "uniform" => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1000)],
            "lognormal" => [.. Enumerable.Range(0, n).Select(_ => Math.Exp(Gaussian(random) * 3))],
            "mixed-sign" => [.. Enumerable.Range(0, n).Select(_ => Gaussian(random) * 100)],
            _ => [.. Enumerable.Range(0, n).Select(_ => (double)random.Next(-50, 500))],
        };
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantiles_are_within_the_relative_accuracy_of_the_exact_value_of_that_rank(string distribution)
    {
        var values = Values(distribution, 100_000);
        var sorted = values.Order().ToArray();

        var sketch = Sketch(values);

        foreach (var q in new[] { 0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1 })
        {
            var exact = sorted[(int)Math.Floor(q * (sorted.Length - 1))];
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= 0.01 * Math.Abs(exact) + 1e-300, $"{distribution} q={q}: {estimate} vs exact {exact}");
        }

        Assert.Equal(sorted[0], sketch.Min);
        Assert.Equal(sorted[^1], sketch.Max);
        Assert.Equal(values.Length, sketch.Count);
    }

    [Fact]
    public void Rank_is_the_share_of_values_at_or_below()
    {
        var sketch = Sketch(Enumerable.Range(1, 1000).Select(i => (double)i));

        Assert.InRange(sketch.Rank(500), 0.49, 0.51);
        Assert.Equal(0.0, sketch.Rank(0.5));
        Assert.Equal(1.0, sketch.Rank(1000));
    }

    [Fact]
    public void An_empty_sketch_answers_NaN()
    {
        Assert.True(double.IsNaN(QuantileSketch.Empty().Quantile(0.5)));
        Assert.Equal(0, QuantileSketch.Empty().Count);
    }

    [Fact]
    public void Merging_sketches_gives_exactly_the_sketch_of_all_values_in_any_order()
    {
        var values = Values("mixed-sign", 20_000);

        var merged = Sketch(values.Take(7_000)).Merge(Sketch(values.Skip(7_000)));
        var reversed = Sketch(values.Skip(7_000)).Merge(Sketch(values.Take(7_000)));

        Assert.Equal(Sketch(values), merged);
        Assert.Equal(merged, reversed);
    }

    [Fact]
    public void A_bounded_sketch_folds_its_lowest_buckets_and_still_merges_exactly()
    {
        var values = Enumerable.Range(-300, 600).Select(i => Math.Pow(1.5, i)).ToArray();

        var whole = Sketch(values, maxBuckets: 64);
        var merged = Sketch(values.Where((_, i) => i % 2 == 0), maxBuckets: 64).Merge(Sketch(values.Where((_, i) => i % 2 == 1), maxBuckets: 64));

        Assert.True(whole.Positive.Counts.Length <= 64);
        Assert.Equal(whole, merged);
        Assert.Equal(values.Length, whole.Positive.Counts.Sum() + whole.ZeroCount);
        Assert.Equal(values.Count(v => v < QuantileSketch.ZeroThreshold), whole.ZeroCount);
        var top = values.Max();
        Assert.InRange(whole.Quantile(1), top * 0.99, top * 1.01);
    }

    [Fact]
    public void Sketches_of_different_accuracy_do_not_merge()
    {
        Assert.Throws<ArgumentException>(() => Sketch([1.0], 0.01).Merge(Sketch([1.0], 0.02)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(20_000)]
    [InlineData(300_000)]
    public void The_distinct_estimate_is_within_a_few_percent(int distinct)
    {
        var hll = new HyperLogLog(12);
        for (var i = 0; i < distinct; i++)
        {
            hll.Add(Hashes.OfText($"value-{i}"));
            hll.Add(Hashes.OfText($"value-{i / 2}"));
        }

        var estimate = hll.ToSketch().Estimate();

        Assert.InRange(estimate, distinct * 0.95, distinct * 1.05);
    }

    [Fact]
    public void Distinct_sketches_merge_by_taking_the_larger_register()
    {
        var a = new HyperLogLog(12);
        var b = new HyperLogLog(12);
        var both = new HyperLogLog(12);
        for (var i = 0; i < 5_000; i++)
        {
            var hash = Hashes.OfNumber(i);
            (i % 3 == 0 ? a : b).Add(hash);
            both.Add(hash);
        }

        var merged = a.ToSketch().Merge(b.ToSketch());

        Assert.Equal(both.ToSketch(), merged);
        Assert.InRange(merged.Estimate(), 4_750, 5_250);
        Assert.Equal(0, DistinctSketch.Empty(12).Estimate());
        Assert.Throws<ArgumentException>(() => DistinctSketch.Empty(12).Merge(DistinctSketch.Empty(10)));
    }
}
