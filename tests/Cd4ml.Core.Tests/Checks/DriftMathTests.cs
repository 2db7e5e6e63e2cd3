using Cd4ml.Core.Checks.Drift;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>PSI and Jensen–Shannon distance against values computed by hand.</summary>
public sealed class DriftMathTests
{
    [Fact]
    public void Psi_of_identical_bins_is_zero()
    {
        Assert.Equal(0, Psi.Compute([.1, .1, .1, .1, .1, .1, .1, .1, .1, .1], [.1, .1, .1, .1, .1, .1, .1, .1, .1, .1]), 12);
    }

    [Fact]
    public void Psi_matches_a_hand_computed_value()
    {
        // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5) = 0.3·0.470004 + 0.3·0.916291
        Assert.Equal(0.415888, Psi.Compute([.5, .5], [.8, .2]), 6);
        // Σ over four bins of (a − e)·ln(a/e) with e = 0.25 each
        Assert.Equal(0.228217, Psi.Compute([.25, .25, .25, .25], [.1, .2, .3, .4]), 6);
    }

    [Fact]
    public void Psi_counts_an_empty_bin_as_epsilon_so_it_stays_finite()
    {
        // 0.5·ln(1/0.5) + (0.0001 − 0.5)·ln(0.0001/0.5)
        var psi = Psi.Compute([.5, .5], [1, 0]);

        Assert.Equal(4.604318, psi, 6);
        Assert.Equal(1e-4, Psi.Epsilon);
    }

    [Fact]
    public void Psi_needs_the_same_bins_on_both_sides()
    {
        Assert.Throws<ArgumentException>(() => Psi.Compute([.5, .5], [1]));
    }

    [Fact]
    public void Js_distance_is_zero_for_the_same_and_one_for_disjoint_distributions()
    {
        Assert.Equal(0, JensenShannon.Distance([.3, .7], [.3, .7]), 12);
        Assert.Equal(1, JensenShannon.Distance([1, 0], [0, 1]), 12);
    }

    [Fact]
    public void Js_distance_matches_a_hand_computed_value()
    {
        // m = (0.75, 0.25); KL(p‖m) = 0.5·log2(2/3) + 0.5·log2(2) = 0.207519; KL(q‖m) = log2(4/3) = 0.415037;
        // divergence = (0.207519 + 0.415037) / 2 = 0.311278; distance = √0.311278
        Assert.Equal(0.557923, JensenShannon.Distance([.5, .5], [1, 0]), 6);
        Assert.Equal(0.383136, JensenShannon.Distance([.5, .5], [.9, .1]), 6);
    }

    [Fact]
    public void Js_distance_is_symmetric()
    {
        Assert.Equal(JensenShannon.Distance([.2, .5, .3], [.6, .1, .3]), JensenShannon.Distance([.6, .1, .3], [.2, .5, .3]), 12);
    }

    [Fact]
    public void Bin_edges_are_the_reference_deciles_with_repeats_merged()
    {
        // 60% of the reference is 0: the first six deciles are all 0 and become one edge.
        var reference = Enumerable.Repeat(0.0, 60).Concat(Enumerable.Range(1, 40).Select(i => (double)i)).ToArray();

        var edges = NumericBins.Edges(Empirical.Quantile(reference));

        Assert.Equal([0, 10, 20, 30], edges);
    }

    [Fact]
    public void Bin_shares_follow_the_rank_function_and_sum_to_one()
    {
        var shares = NumericBins.Shares([1, 2, 3], x => x switch { < 1 => 0, < 2 => .25, < 3 => .5, _ => .9 });

        Assert.Equal([.25, .25, .4, .1], shares.Select(s => Math.Round(s, 12)));
    }

    [Fact]
    public void Bin_shares_never_go_negative_when_estimated_ranks_dip()
    {
        var shares = NumericBins.Shares([1, 2], x => x < 2 ? .6 : .55);

        Assert.All(shares, s => Assert.True(s >= 0));
        Assert.Equal(1, shares.Sum(), 12);
    }

    [Fact]
    public void Psi_of_a_fresh_sample_of_the_same_distribution_is_small()
    {
        var reference = Empirical.Normal(5000, mean: 50, sd: 10, seed: 1);
        var current = Empirical.Normal(5000, mean: 50, sd: 10, seed: 2);

        var psi = NumericBins.Psi(Empirical.Quantile(reference), Empirical.Rank(reference), Empirical.Rank(current));

        Assert.InRange(psi, 0, 0.02);
    }

    [Fact]
    public void Psi_of_a_distribution_shifted_by_one_standard_deviation_is_a_major_shift()
    {
        var reference = Empirical.Normal(5000, mean: 50, sd: 10, seed: 1);
        var current = Empirical.Normal(5000, mean: 60, sd: 10, seed: 2);

        var psi = NumericBins.Psi(Empirical.Quantile(reference), Empirical.Rank(reference), Empirical.Rank(current));

        Assert.True(psi > 0.25, $"PSI {psi}");
    }

    [Fact]
    public void Category_shares_use_exact_counts_when_both_sides_have_them()
    {
        var (reference, current) = CategoryShares.Align(Categorical("Home", ("rent", 60), ("own", 40)), Categorical("Home", ("rent", 30), ("other", 70)));

        // other, own, rent (ordinal order), then the "other" bucket, empty here
        Assert.Equal([0, .4, .6, 0], reference);
        Assert.Equal([.7, 0, .3, 0], current);
    }

    [Fact]
    public void Category_known_on_one_side_only_goes_to_other_on_both()
    {
        var reference = Categorical("City", ("a", 40), ("b", 30)) with { Count = 100, Categories = null };
        var current = Categorical("City", ("a", 40), ("c", 30), ("d", 30));

        var (p, q) = CategoryShares.Align(reference, current);

        // a known on both; b: 30 in the reference, exactly 0 now; c and d: unknown in the reference → other
        Assert.Equal([.4, .3, .3], p);
        Assert.Equal([.4, 0, .6], q);
        Assert.Equal(0.432165, JensenShannon.Distance(p, q), 6);
    }

    private static class Empirical
    {
        public static double[] Normal(int n, double mean, double sd, int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, n).Select(_ => mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).Order()];
        }

        public static Func<double, double> Quantile(double[] values)
        {
            var sorted = values.Order().ToArray();
            return q => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        }

        // The share of values ≤ x.
        public static Func<double, double> Rank(double[] values)
        {
            var sorted = values.Order().ToArray();
            return x =>
            {
                int lo = 0, hi = sorted.Length;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    if (sorted[mid] <= x)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                return (double)lo / sorted.Length;
            };
        }
    }
}
