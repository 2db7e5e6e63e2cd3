using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// The first rows of a data view copied into memory, column by column, so a model can be fed them one at a time
/// (and ONNX Runtime can be fed the same values) without reading the source again.
/// </summary>
internal sealed class SampleRows
{
    private readonly ColumnBuffer[] _columns;

    private SampleRows(DataViewSchema schema, ColumnBuffer[] columns, int count)
    {
        Schema = schema;
        _columns = columns;
        Count = count;
    }

    public DataViewSchema Schema { get; }

    public int Count { get; }

    /// <summary>Copies up to <paramref name="maxRows"/> rows of every column of <paramref name="view"/>.</summary>
    public static SampleRows Read(IDataView view, int maxRows)
    {
        var schema = view.Schema;
        using var cursor = view.GetRowCursor(schema);
        var buffers = schema.Select(c => ColumnBuffer.Create(cursor, c)).ToArray();
        var count = 0;
        while (count < maxRows && cursor.MoveNext())
        {
            foreach (var buffer in buffers)
            {
                buffer.Read();
            }

            count++;
        }

        return new SampleRows(schema, buffers, count);
    }

    /// <summary>One column's values, typed as ML.NET's raw type for it (VBuffer for vectors).</summary>
    public IReadOnlyList<T> Column<T>(int column) => (IReadOnlyList<T>)_columns[column].Items;

    /// <summary>A getter that reads <paramref name="column"/> in the sample row <paramref name="currentRow"/> returns.</summary>
    public ValueGetter<T> Getter<T>(int column, Func<int> currentRow) => (ValueGetter<T>)_columns[column].Getter(currentRow);

    /// <summary>True when any numeric value of the row is NaN or any text value is empty: a missing value.</summary>
    public bool HasMissingValue(int row) => _columns.Any(column => column.Items switch
    {
        List<float> floats => float.IsNaN(floats[row]),
        List<double> doubles => double.IsNaN(doubles[row]),
        List<ReadOnlyMemory<char>> texts => texts[row].Span.IsWhiteSpace(),
        _ => false,
    });

    private abstract class ColumnBuffer
    {
        public static ColumnBuffer Create(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            var type = column.Type is VectorDataViewType vector
                ? typeof(VectorBuffer<>).MakeGenericType(vector.ItemType.RawType)
                : typeof(ScalarBuffer<>).MakeGenericType(column.Type.RawType);
            return (ColumnBuffer)Activator.CreateInstance(type, cursor, column)!;
        }

        public abstract object Items { get; }

        public abstract void Read();

        public abstract Delegate Getter(Func<int> currentRow);
    }

    private sealed class ScalarBuffer<T>(DataViewRowCursor cursor, DataViewSchema.Column column) : ColumnBuffer
    {
        private readonly ValueGetter<T> _getter = cursor.GetGetter<T>(column);
        private readonly List<T> _items = [];

        public override void Read()
        {
            T value = default!;
            _getter(ref value);
            // Text may point into a buffer the cursor reuses for the next row; keep a copy of our own.
            if (value is ReadOnlyMemory<char> text)
            {
                value = (T)(object)(ReadOnlyMemory<char>)text.ToArray();
            }

            _items.Add(value);
        }

        public override object Items => _items;

        public override Delegate Getter(Func<int> currentRow) => (ValueGetter<T>)((ref T value) => value = _items[currentRow()]);
    }

    private sealed class VectorBuffer<T>(DataViewRowCursor cursor, DataViewSchema.Column column) : ColumnBuffer
    {
        private readonly ValueGetter<VBuffer<T>> _getter = cursor.GetGetter<VBuffer<T>>(column);
        private readonly List<VBuffer<T>> _items = [];

        public override void Read()
        {
            VBuffer<T> value = default;
            _getter(ref value);
            VBuffer<T> copy = default;
            value.CopyTo(ref copy);
            _items.Add(copy);
        }

        public override object Items => _items;

        // A getter may reuse the destination's arrays, so it gets a copy, never the stored buffer.
        public override Delegate Getter(Func<int> currentRow) =>
            (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _items[currentRow()].CopyTo(ref value));
    }
}
