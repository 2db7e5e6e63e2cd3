using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Scoring;

/// <summary>
/// The row a model reads, filled in place for each scored row: numbers and text by the model's input schema. Columns
/// the file does not supply (the label, excluded columns) read as missing; the model never uses them.
/// </summary>
internal sealed class InputRow : DataViewRow
{
    private readonly float[] _numbers;
    private readonly ReadOnlyMemory<char>[] _texts;
    private long _position = -1;

    public InputRow(DataViewSchema schema)
    {
        Schema = schema;
        _numbers = new float[schema.Count];
        _texts = new ReadOnlyMemory<char>[schema.Count];
        Clear();
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    public void SetNumber(int column, float value) => _numbers[column] = value;

    public void SetText(int column, ReadOnlyMemory<char> value) => _texts[column] = value;

    /// <summary>Every column missing; the next row's values are then set over it.</summary>
    public void Clear()
    {
        Array.Fill(_numbers, float.NaN);
        Array.Fill(_texts, ReadOnlyMemory<char>.Empty);
    }

    /// <summary>
    /// Moves to a new row. Transforms cache their outputs by position, so the position must change for every row,
    /// or the previous row's prediction would be read again.
    /// </summary>
    public void Advance() => _position++;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var index = column.Index;
        if (typeof(TValue) == typeof(float))
        {
            return (ValueGetter<TValue>)(Delegate)(ValueGetter<float>)((ref float value) => value = _numbers[index]);
        }

        if (typeof(TValue) == typeof(ReadOnlyMemory<char>))
        {
            return (ValueGetter<TValue>)(Delegate)(ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = _texts[index]);
        }

        throw new InvalidOperationException($"column '{column.Name}' is {column.Type}; scoring supplies numbers and text only");
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => true;
}
