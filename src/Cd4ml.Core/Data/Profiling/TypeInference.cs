namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// The rule that gives a column its <see cref="InferredType"/>, from counts over its present (not missing) cells, with
/// share <c>s</c> = <see cref="ProfileOptions.TypeShare"/> (95 % by default):
/// <list type="number">
/// <item><b>empty</b> when no cell is present;</item>
/// <item><b>numeric</b> when at least <c>s</c> of the present cells parse as numbers (invariant culture,
/// <see cref="System.Globalization.NumberStyles.Float"/>; NaN and Infinity parse too). The other cells, and the numbers
/// that are NaN, infinite or beyond single precision (ML.NET loads <see cref="float"/>), are its bad values;</item>
/// <item><b>boolean</b> when at least <c>s</c> are <c>true</c>/<c>false</c>/<c>yes</c>/<c>no</c> (any case); the others are bad;</item>
/// <item><b>date</b> when at least <c>s</c> are ISO-8601 dates or date-times (<c>2001-01-31</c>, <c>2001-01-31T08:15</c>,
/// <c>2001-01-31 08:15:00Z</c>, …); the others are bad;</item>
/// <item><b>text</b> when the cells average more than <see cref="TextAverageLength"/> characters, or there are more than
/// <see cref="CategoricalDistinct"/> distinct values and they are more than <see cref="TextDistinctShare"/> of the present cells
/// (names, ids, free text);</item>
/// <item><b>categorical</b> otherwise. Text and categorical columns have no bad values.</item>
/// </list>
/// </summary>
public static class TypeInference
{
    /// <summary>Average cell length (characters) above which a column is text.</summary>
    public const int TextAverageLength = 50;

    /// <summary>A column with at most this many distinct values is categorical whatever their share.</summary>
    public const int CategoricalDistinct = 20;

    /// <summary>Distinct values above this share of the present cells make a column text.</summary>
    public const double TextDistinctShare = 0.5;

    /// <summary>Applies the rule; <paramref name="distinct"/> is the exact distinct count when known, else the estimate.</summary>
    public static InferredType Infer(long present, TypeEvidence evidence, long distinct, double typeShare)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (present == 0)
        {
            return InferredType.Empty;
        }

        var needed = typeShare * present;
        if (evidence.Numbers >= needed)
        {
            return InferredType.Numeric;
        }

        if (evidence.Booleans >= needed)
        {
            return InferredType.Boolean;
        }

        if (evidence.Dates >= needed)
        {
            return InferredType.Date;
        }

        var averageLength = (double)evidence.TotalLength / present;
        return averageLength > TextAverageLength || (distinct > CategoricalDistinct && distinct > TextDistinctShare * present)
            ? InferredType.Text
            : InferredType.Categorical;
    }

    /// <summary>The cells that do not fit <paramref name="type"/>.</summary>
    public static BadCells BadCellsOf(InferredType type, TypeEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return type switch
        {
            InferredType.Numeric => evidence.NotNumeric,
            InferredType.Boolean => evidence.NotBoolean,
            InferredType.Date => evidence.NotDate,
            _ => BadCells.None,
        };
    }
}
