using System.Globalization;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks;

/// <summary>The column types a spec may declare in <c>columns.X.type</c>, and which inferred types satisfy each.</summary>
public static class ColumnTypes
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";
    public const string Boolean = "boolean";
    public const string Text = "text";
    public const string Date = "date";

    public static IReadOnlyList<string> All { get; } = [Numeric, Categorical, Boolean, Text, Date];

    /// <summary>
    /// True when data profiled as <paramref name="column"/> can be read as <paramref name="declared"/>. An all-missing
    /// column fits any type (completeness reports it); any value can be a category or text; a 0/1 column is numeric.
    /// </summary>
    public static bool Fits(string declared, ColumnProfile column) => column.Type == InferredType.Empty || declared switch
    {
        Numeric => column.Type == InferredType.Numeric || (column.Type == InferredType.Boolean && AllNumbers(column)),
        Boolean => column.Type == InferredType.Boolean || column.Categories is { Count: <= 2 },
        Date => column.Type == InferredType.Date,
        Categorical or Text => true,
        _ => false,
    };

    /// <summary>The spec's word for an inferred type, for messages.</summary>
    public static string Describe(InferredType type) => type switch
    {
        InferredType.Empty => "empty",
        InferredType.Numeric => Numeric,
        InferredType.Boolean => Boolean,
        InferredType.Date => Date,
        InferredType.Categorical => Categorical,
        _ => Text,
    };

    private static bool AllNumbers(ColumnProfile column) =>
        column.Categories is { } categories && categories.Keys.All(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}
