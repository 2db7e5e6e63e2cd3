using Cd4ml.Core.Checks.Drift;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Scoring;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// The bins of one drift column, fixed by the champion's training profile: for a number the inner edges at the training
/// data's deciles (bins (−∞, e₁], …, (eₙ, ∞)); for a category each value the profile knows, plus one bin for every other
/// value. <c>Column</c> is the cell's column in scored rows (<c>prediction</c> for the label's bins).
/// </summary>
public sealed class DriftColumn
{
    private readonly double[] _edges = [];
    private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal);

    private DriftColumn(string column, string referenceColumn, ColumnProfile reference)
    {
        Column = column;
        ReferenceColumn = referenceColumn;
        Reference = reference;
        Numeric = reference.Type == InferredType.Numeric;
        if (Numeric)
        {
            _edges = [.. NumericBins.Edges(reference.Numeric!.Sketch.Quantile)];
        }
        else
        {
            foreach (var value in reference.Categories?.Keys ?? reference.TopCategories.Select(c => c.Value))
            {
                _categories.TryAdd(value, _categories.Count);
            }
        }
    }

    public string Column { get; }

    /// <summary>The column in the training data: the label for prediction drift, else <see cref="Column"/>.</summary>
    public string ReferenceColumn { get; }

    public ColumnProfile Reference { get; }

    public bool Numeric { get; }

    public int Bins => Numeric ? _edges.Length + 1 : _categories.Count + 1;

    /// <summary>A column's bins, or null when the profile has nothing to bin it by (no values, numbers without a sketch).</summary>
    public static DriftColumn? For(string column, ColumnProfile? reference) =>
        reference is null ? null : For(column, reference.Name, reference);

    private static DriftColumn? For(string column, string referenceColumn, ColumnProfile? reference) =>
        reference is null || reference.Count == 0 || (reference.Type == InferredType.Numeric && reference.Numeric is not { Count: > 0 })
            ? null
            : new DriftColumn(column, referenceColumn, reference);

    /// <summary>The bin of a cell; -1 for a missing value, or text in a numeric column (the scoring side refuses those).</summary>
    public int BinOf(ReadOnlySpan<char> cell)
    {
        var value = cell.Trim();
        if (IsMissing(value))
        {
            return -1;
        }

        if (!Numeric)
        {
            return _categories.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var index) ? index : _categories.Count;
        }

        if (!CellValues.TryNumber(value, out var number) || float.IsNaN(number))
        {
            return -1;
        }

        var at = Array.BinarySearch(_edges, (double)number);
        return at >= 0 ? at : ~at; // an edge belongs to the bin it closes
    }

    /// <summary>The reference's share in each bin, from its profile (sketch ranks for numbers, counts for categories).</summary>
    public double[] ProfileShares()
    {
        if (Numeric)
        {
            return [.. NumericBins.Shares(_edges, Reference.Numeric!.Sketch.Rank)];
        }

        var counts = new long[Bins];
        foreach (var (value, index) in _categories)
        {
            counts[index] = Reference.Categories is { } all ? all.GetValueOrDefault(value)
                : Reference.TopCategories.First(c => string.Equals(c.Value, value, StringComparison.Ordinal)).Count;
        }

        counts[^1] = Math.Max(0, Reference.Count - counts[..^1].Sum());
        var total = Math.Max(1, counts.Sum());
        return [.. counts.Select(c => (double)c / total)];
    }

    private static bool IsMissing(ReadOnlySpan<char> value)
    {
        foreach (var marker in DatasetProfiler.MissingMarkers)
        {
            if (value.SequenceEqual(marker))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Counts per bin of every drift column over some rows (one window, or the training snapshot), added one row at a
/// time: memory is the bins, whatever the number of rows.
/// </summary>
public sealed class DriftCounts
{
    private readonly long[][] _counts;
    private readonly string[] _names;

    /// <param name="columns">The columns to count.</param>
    /// <param name="ofTrainingData">Rows are training rows: cells are looked up by <see cref="DriftColumn.ReferenceColumn"/>.</param>
    public DriftCounts(IReadOnlyList<DriftColumn> columns, bool ofTrainingData = false)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        _names = [.. columns.Select(c => ofTrainingData ? c.ReferenceColumn : c.Column)];
        _counts = [.. columns.Select(c => new long[c.Bins])];
    }

    public IReadOnlyList<DriftColumn> Columns { get; }

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds one row; <paramref name="cell"/> gives a column's cell, or null when the row does not have it.</summary>
    public void Add(Func<string, string?> cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Rows++;
        for (var i = 0; i < Columns.Count; i++)
        {
            if (cell(_names[i]) is { } text && Columns[i].BinOf(text) is >= 0 and var bin)
            {
                _counts[i][bin]++;
            }
        }
    }

    /// <summary>How many values of a column were counted (missing values left out).</summary>
    public long Values(int column) => _counts[column].Sum();

    /// <summary>The share of each bin of a column.</summary>
    public double[] Shares(int column)
    {
        var total = Values(column);
        return total == 0 ? new double[_counts[column].Length] : [.. _counts[column].Select(c => (double)c / total)];
    }
}
