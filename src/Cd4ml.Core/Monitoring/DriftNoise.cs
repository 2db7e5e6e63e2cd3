namespace Cd4ml.Core.Monitoring;

/// <summary>
/// How large PSI and the Jensen–Shannon distance get by sampling alone, when a window of <c>n</c> rows and the
/// reference of <c>m</c> rows come from the same distribution. Over <c>k</c> bins, the two-sample statistic
/// <c>X² = Σ (qᵢ − pᵢ)² / pᵢ · nm / (n + m)</c> is χ² with <c>k − 1</c> degrees of freedom under no drift, and for
/// small differences PSI ≈ Σ (qᵢ − pᵢ)² / pᵢ and JS divergence (bits) ≈ Σ (qᵢ − pᵢ)² / pᵢ / (8 ln 2). So the
/// value that no-drift windows exceed with probability α is:
/// <list type="bullet">
/// <item>PSI: <c>χ²₁₋α(k − 1) · (1/n + 1/m)</c>;</item>
/// <item>JS distance: <c>√(χ²₁₋α(k − 1) · (1/n + 1/m) / (8 ln 2))</c>.</item>
/// </list>
/// α is <see cref="FalseAlarmRate"/> shared by a window's measures (Bonferroni: α / measures each), so a window drawn
/// from the training distribution breaches on drift with probability at most about α whatever its size.
/// </summary>
public static class DriftNoise
{
    /// <summary>The chance that a window without drift breaches on some drift measure by sampling alone.</summary>
    public const double FalseAlarmRate = 0.001;

    /// <summary>PSI that no-drift samples exceed with probability <paramref name="alpha"/>.</summary>
    public static double PsiLevel(int bins, long windowRows, long referenceRows, double alpha) =>
        bins < 2 || windowRows <= 0 ? double.PositiveInfinity : ChiSquareQuantile(1 - alpha, bins - 1) * Scale(windowRows, referenceRows);

    /// <summary>The Jensen–Shannon distance (base 2) that no-drift samples exceed with probability <paramref name="alpha"/>.</summary>
    public static double JensenShannonLevel(int bins, long windowRows, long referenceRows, double alpha) =>
        bins < 2 || windowRows <= 0 ? double.PositiveInfinity
        : Math.Min(1, Math.Sqrt(ChiSquareQuantile(1 - alpha, bins - 1) * Scale(windowRows, referenceRows) / (8 * Math.Log(2))));

    private static double Scale(long n, long m) => (1.0 / n) + (m > 0 ? 1.0 / m : 0);

    /// <summary>The χ² quantile by Wilson and Hilferty's cube-root normal approximation (within 1% for df ≥ 1 in the upper tail).</summary>
    public static double ChiSquareQuantile(double p, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        var k = (double)degreesOfFreedom;
        var c = 2 / (9 * k);
        var cube = 1 - c + (NormalQuantile(p) * Math.Sqrt(c));
        return k * Math.Max(0, cube * cube * cube);
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        if (p <= 0 || p >= 1)
        {
            return p <= 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }

        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low || p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < low ? p : 1 - p));
            var x = Horner(c, q) / ((Horner(d, q) * q) + 1);
            return p < low ? x : -x;
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    /// <summary>c₀xⁿ⁻¹ + c₁xⁿ⁻² + … + cₙ₋₁.</summary>
    private static double Horner(double[] coefficients, double x)
    {
        var value = 0.0;
        foreach (var c in coefficients)
        {
            value = (value * x) + c;
        }

        return value;
    }
}
