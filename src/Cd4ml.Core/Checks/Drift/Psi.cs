namespace Cd4ml.Core.Checks.Drift;

/// <summary>
/// The population stability index of two binned distributions: Σ (actualᵢ − expectedᵢ) · ln(actualᵢ / expectedᵢ).
/// 0 means the same distribution; by convention below 0.1 is stable, 0.1 to 0.25 a moderate shift, above 0.25 a
/// major one.
/// </summary>
public static class Psi
{
    /// <summary>
    /// The share an empty bin counts as (0.01%), so the logarithm stays finite. A bin that empties completely then
    /// adds about share · ln(share / 0.0001), e.g. 0.1 · ln(1000) ≈ 0.69 for a 10% bin: a major shift, as it should be.
    /// </summary>
    public const double Epsilon = 1e-4;

    /// <summary>PSI of two sets of bin shares over the same bins (each summing to 1).</summary>
    public static double Compute(IReadOnlyList<double> expectedShares, IReadOnlyList<double> actualShares)
    {
        ArgumentNullException.ThrowIfNull(expectedShares);
        ArgumentNullException.ThrowIfNull(actualShares);
        if (expectedShares.Count != actualShares.Count)
        {
            throw new ArgumentException($"both distributions need the same bins ({expectedShares.Count} vs {actualShares.Count})", nameof(actualShares));
        }

        var psi = 0.0;
        for (var i = 0; i < expectedShares.Count; i++)
        {
            var expected = Math.Max(expectedShares[i], Epsilon);
            var actual = Math.Max(actualShares[i], Epsilon);
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return psi;
    }
}
