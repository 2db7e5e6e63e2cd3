using System.Globalization;

namespace Cd4ml.Core.Checks;

/// <summary>Label values that cannot be a class or a target, even when they are not blank.</summary>
public static class LabelValues
{
    // Spellings of "unknown" and of non-finite numbers that exports write into label columns; ML.NET would read
    // them as NaN (or as a class of their own) and skip or learn them without a word.
    private static readonly string[] s_placeholders = ["?", "??", "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"];

    /// <summary>
    /// True for <c>?</c>, NaN and Infinity in any case, and numbers that are not finite in single precision (<c>1e39</c>):
    /// such a label is a data error, not a class.
    /// </summary>
    public static bool IsUnusable(string value)
    {
        var trimmed = value.Trim();
        if (s_placeholders.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !float.IsFinite((float)number);
    }

    /// <summary>True when the value is a finite single-precision number, as a numeric label must be.</summary>
    public static bool IsFiniteNumber(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && float.IsFinite((float)number);
}
