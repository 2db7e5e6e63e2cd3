namespace Cd4ml.Core.Checks.Drift;

/// <summary>
/// Bins for PSI from the champion's training data: edges at its deciles, so each bin held about a tenth of the
/// reference rows. Works on quantile and rank functions, so it can be tested without a sketch.
/// </summary>
public static class NumericBins
{
    /// <summary>Ten bins: the convention PSI thresholds were set for.</summary>
    public const int DefaultBins = 10;

    /// <summary>
    /// The inner edges: the reference's quantiles at 1/bins … (bins−1)/bins, with repeats dropped (a value that fills
    /// several deciles, like a spike at 0, becomes one bin, not several empty ones).
    /// </summary>
    public static IReadOnlyList<double> Edges(Func<double, double> referenceQuantile, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(referenceQuantile);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var edge = referenceQuantile((double)k / bins);
            if (double.IsFinite(edge) && (edges.Count == 0 || edge > edges[^1]))
            {
                edges.Add(edge);
            }
        }

        return edges;
    }

    /// <summary>
    /// The share of values in each bin (−∞, e₁], (e₁, e₂], …, (eₙ, ∞), from the share of values ≤ x.
    /// Returns edges + 1 shares summing to 1.
    /// </summary>
    public static IReadOnlyList<double> Shares(IReadOnlyList<double> edges, Func<double, double> rank)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(rank);
        var shares = new double[edges.Count + 1];
        var below = 0.0;
        for (var i = 0; i < edges.Count; i++)
        {
            // Ranks from a sketch are estimates; keep them monotone so no share is negative.
            var upTo = Math.Clamp(rank(edges[i]), below, 1);
            shares[i] = upTo - below;
            below = upTo;
        }

        shares[^1] = 1 - below;
        return shares;
    }

    /// <summary>PSI of the current data against the reference, over bins at the reference's quantiles.</summary>
    public static double Psi(Func<double, double> referenceQuantile, Func<double, double> referenceRank, Func<double, double> currentRank, int bins = DefaultBins)
    {
        var edges = Edges(referenceQuantile, bins);
        return Drift.Psi.Compute(Shares(edges, referenceRank), Shares(edges, currentRank));
    }
}
