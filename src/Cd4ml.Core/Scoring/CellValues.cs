using System.Globalization;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Scoring;

/// <summary>How a scoring cell becomes a model input, the same way training read it.</summary>
public static class CellValues
{
    /// <summary>
    /// A numeric cell: empty or a missing marker (<c>NA</c>, <c>?</c>…) is missing (NaN), as is a number too large to
    /// be a float (<c>1e39</c>, <c>Infinity</c>: never a value, RELIABILITY 36). Anything else that is not a number
    /// returns false: a scorer must refuse it rather than guess.
    /// </summary>
    public static bool TryNumber(ReadOnlySpan<char> cell, out float value)
    {
        var trimmed = cell.Trim();
        if (float.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (!float.IsFinite(value))
            {
                value = float.NaN;
            }

            return true;
        }

        value = float.NaN;
        return MissingValueMarkers.IsMissing(trimmed);
    }
}
