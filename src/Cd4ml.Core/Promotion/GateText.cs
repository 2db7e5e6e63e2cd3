using System.Globalization;

namespace Cd4ml.Core.Promotion;

/// <summary>How numbers read in a decision table: four decimals, invariant culture, an explicit + where a sign matters.</summary>
internal static class GateText
{
    /// <summary>Metrics are doubles: a value equal to a threshold must not fail on the last bit of rounding.</summary>
    public const double Tolerance = 1e-9;

    public static string F(double value, bool signed = false) =>
        (signed && value > 0 ? "+" : "") + value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Percent(double share, bool signed = false) =>
        (signed && share > 0 ? "+" : "") + (share * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A confidence level as people say it: 0.95 → "95%", 0.975 → "97.5%".</summary>
    public static string Level(double confidence) => (confidence * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
