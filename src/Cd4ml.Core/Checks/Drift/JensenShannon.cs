namespace Cd4ml.Core.Checks.Drift;

/// <summary>
/// The Jensen–Shannon distance of two discrete distributions: the square root of the JS divergence in base 2, so it
/// is symmetric, 0 for the same distribution and 1 for distributions with no value in common.
/// </summary>
public static class JensenShannon
{
    /// <summary>The distance between two sets of shares over the same categories (each summing to 1).</summary>
    public static double Distance(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count)
        {
            throw new ArgumentException($"both distributions need the same categories ({p.Count} vs {q.Count})", nameof(q));
        }

        // A category one side never has adds nothing on that side (0 · log 0 = 0), so no epsilon is needed:
        // the mixture m is positive wherever p or q is.
        var divergence = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            var m = (p[i] + q[i]) / 2;
            divergence += Term(p[i], m) + Term(q[i], m);
        }

        // Rounding can leave a hair below 0 or above 1.
        return Math.Sqrt(Math.Clamp(divergence / 2, 0, 1));
    }

    private static double Term(double share, double mixture) => share > 0 ? share * Math.Log2(share / mixture) : 0;
}
