namespace Cd4ml.Core.Training;

/// <summary>
/// Cells that mean "no value". ML.NET reads any cell of a numeric column that does not parse as a number
/// (these markers included) as NaN, which featurization treats as missing; these markers are what lets a
/// column of numbers with <c>NA</c> cells (R's convention) be recognised as numeric rather than categorical.
/// </summary>
public static class MissingValueMarkers
{
    /// <summary>Compared case-insensitively, after trimming; an empty cell is always missing.</summary>
    public static IReadOnlyList<string> All { get; } = ["NA", "N/A", "NaN", "null", "?"];

    public static bool IsMissing(ReadOnlySpan<char> cell)
    {
        var trimmed = cell.Trim();
        if (trimmed.IsEmpty)
        {
            return true;
        }

        foreach (var marker in All)
        {
            if (trimmed.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
