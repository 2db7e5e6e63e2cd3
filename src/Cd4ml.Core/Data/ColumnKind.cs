namespace Cd4ml.Core.Data;

/// <summary>How a column is read for training.</summary>
public enum ColumnKind
{
    /// <summary>Every non-empty cell parses as a number (invariant culture); empty cells are missing.</summary>
    Numeric,

    /// <summary>Anything else: one-hot encoded.</summary>
    Categorical,
}

/// <summary>A column of the dataset as training sees it.</summary>
public sealed record DatasetColumn(string Name, ColumnKind Kind);
