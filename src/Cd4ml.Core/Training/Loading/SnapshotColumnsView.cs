using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Cd4ml.Core.Training.Loading;

/// <summary>A named column of a <see cref="SnapshotColumnsView"/> and the file column it shows.</summary>
public readonly record struct ViewColumn(string Name, ColumnRead Source);

/// <summary>
/// An <see cref="IDataView"/> over columns already in memory, with the schema a text loader with the same columns
/// would have. Many views (one per candidate) may read one <see cref="SnapshotColumns"/> at once: cursors only read it.
/// A column in the schema that was not read (one training never uses, such as a date) throws when asked for.
/// </summary>
public sealed class SnapshotColumnsView : IDataView
{
    private readonly SnapshotColumns _table;
    private readonly ViewColumn[] _columns;

    /// <param name="ml">
    /// The context the view belongs to. It registers with it as the text loader it replaces does, so the context's
    /// random numbers (which seed trainers such as Sdca) come out the same whichever way the data was read.
    /// </param>
    /// <param name="table">The columns read from the file.</param>
    /// <param name="columns">The schema, in order.</param>
    public SnapshotColumnsView(MLContext ml, SnapshotColumns table, IReadOnlyList<ViewColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(columns);
        ((IHostEnvironment)ml).Register(nameof(SnapshotColumnsView));
        _table = table;
        _columns = [.. columns];
        var builder = new DataViewSchema.Builder();
        foreach (var column in _columns)
        {
            builder.AddColumn(column.Name, column.Source.Kind == DataKind.Single ? NumberDataViewType.Single : TextDataViewType.Instance);
        }

        Schema = builder.ToSchema();
    }

    // Like the text loader's view: rows come in file order, and the count is not announced, so the views and
    // trainers downstream take the same paths as with the file.
    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[_columns.Length];
        foreach (var column in columnsNeeded)
        {
            active[column.Index] = true;
        }

        return new Cursor(this, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(SnapshotColumnsView view, bool[] active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._table.Rows)
            {
                _position = view._table.Rows;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active[column.Index])
            {
                throw new InvalidOperationException($"column '{column.Name}' was not asked for when the cursor was made");
            }

            var source = view._columns[column.Index].Source;
            if (!view._table.Has(source))
            {
                throw new InvalidOperationException($"column '{column.Name}' is not used in training, so it was not read into memory");
            }

            if (source.Kind == DataKind.Single)
            {
                var numbers = view._table.Numbers(source);
                ValueGetter<float> number = (ref float value) => value = numbers[_position];
                return (ValueGetter<TValue>)(Delegate)number;
            }

            var texts = view._table.Texts(source);
            ValueGetter<ReadOnlyMemory<char>> text = (ref ReadOnlyMemory<char> value) => value = texts[_position].AsMemory();
            return (ValueGetter<TValue>)(Delegate)text;
        }
    }
}
