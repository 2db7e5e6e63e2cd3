using System.Globalization;
using Microsoft.ML.Data;
using nietras.SeparatedValues;

namespace Cd4ml.Core.Training.Loading;

/// <summary>One column of the file as training reads it: its position and whether it is read as a number or as text.</summary>
public readonly record struct ColumnRead(int FileIndex, DataKind Kind);

/// <summary>
/// Columns of a snapshot CSV read once into typed arrays (numbers as <see cref="float"/>, text as strings), so every
/// candidate of a run reads memory instead of parsing the file again (see docs/training.md, "Loading").
/// </summary>
/// <remarks>
/// Reads cells the way <see cref="TrainingData"/>'s text loader does: header skipped, comma separated, quoted cells
/// (which may span lines, with <c>""</c> for a quote) unquoted, blanks before a cell and at the end of a line dropped. A numeric cell that
/// does not parse as an invariant-culture number (empty, <c>NA</c> and the other <see cref="MissingValueMarkers"/>)
/// is NaN, and so is a number beyond single precision or <c>Infinity</c>, as <see cref="NonFiniteAsMissing"/> would
/// make it; a row shorter than the header has NaN or empty text in the cells it lacks.
/// </remarks>
public sealed class SnapshotColumns
{
    // Categorical columns repeat a few values millions of times; one string per distinct value keeps the table small.
    // Past this many distinct values a column is likely free text or ids, and new values are no longer pooled.
    private const int PooledValuesLimit = 1 << 16;

    // The text loader skips the blanks before a cell and those at the end of the line, not those before a comma.
    private const string Whitespace = " \t";

    private readonly Dictionary<ColumnRead, object> _columns;

    private SnapshotColumns(Dictionary<ColumnRead, object> columns, int rows, long bytes)
    {
        _columns = columns;
        Rows = rows;
        ApproximateBytes = bytes;
    }

    public int Rows { get; }

    /// <summary>The managed memory the arrays and distinct strings take, roughly: what the cache counts against its cap.</summary>
    public long ApproximateBytes { get; }

    public bool Has(ColumnRead column) => _columns.ContainsKey(column);

    internal ChunkedColumn<float> Numbers(ColumnRead column) => (ChunkedColumn<float>)_columns[column];

    internal ChunkedColumn<string> Texts(ColumnRead column) => (ChunkedColumn<string>)_columns[column];

    /// <summary>Reads <paramref name="wanted"/> columns of <paramref name="csvPath"/> (only <see cref="DataKind.Single"/> or <see cref="DataKind.String"/>).</summary>
    public static SnapshotColumns Read(string csvPath, IReadOnlyCollection<ColumnRead> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        foreach (var column in wanted.Where(c => c.Kind is not (DataKind.Single or DataKind.String)))
        {
            throw new ArgumentException($"column {column.FileIndex} cannot be read as {column.Kind}", nameof(wanted));
        }

        var builders = wanted.Distinct().Select(c => c.Kind == DataKind.Single ? (ColumnBuilder)new NumberBuilder(c) : new TextBuilder(c)).ToArray();
        using var reader = Sep.Reader(o => o with
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
            Sep = new Sep(','),
        }).FromFile(csvPath);

        var header = true;
        var rows = 0;
        foreach (var row in reader)
        {
            if (header)
            {
                header = false;
                continue;
            }

            if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty)
            {
                continue; // a blank line is no row for the text loader either
            }

            foreach (var builder in builders)
            {
                var index = builder.Column.FileIndex;
                builder.Add(index >= row.ColCount ? [] : index == row.ColCount - 1 ? row[index].Span.Trim(Whitespace) : row[index].Span.TrimStart(Whitespace));
            }

            rows++;
        }

        var columns = builders.ToDictionary(b => b.Column, b => b.Values);
        return new SnapshotColumns(columns, rows, builders.Sum(b => b.Bytes));
    }

    private abstract class ColumnBuilder(ColumnRead column)
    {
        public ColumnRead Column { get; } = column;

        public abstract long Bytes { get; }

        public abstract object Values { get; }

        public abstract void Add(ReadOnlySpan<char> cell);
    }

    private sealed class NumberBuilder(ColumnRead column) : ColumnBuilder(column)
    {
        private readonly ChunkedColumn<float> _values = new();

        public override long Bytes => _values.Count * (long)sizeof(float);

        public override object Values => _values;

        public override void Add(ReadOnlySpan<char> cell) =>
            _values.Add(float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) ? value : float.NaN);
    }

    private sealed class TextBuilder(ColumnRead column) : ColumnBuilder(column)
    {
        private readonly ChunkedColumn<string> _values = new();
        private readonly HashSet<string> _pool = new(StringComparer.Ordinal);
        private long _stringBytes;

        public override long Bytes => (_values.Count * (long)IntPtr.Size) + _stringBytes;

        public override object Values => _values;

        public override void Add(ReadOnlySpan<char> cell)
        {
            var lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
            if (cell.IsEmpty)
            {
                _values.Add(string.Empty);
            }
            else if (lookup.TryGetValue(cell, out var pooled))
            {
                _values.Add(pooled);
            }
            else
            {
                var value = cell.ToString();
                if (_pool.Count < PooledValuesLimit)
                {
                    _pool.Add(value);
                }

                _stringBytes += 22 + (2L * value.Length);
                _values.Add(value);
            }
        }
    }
}
