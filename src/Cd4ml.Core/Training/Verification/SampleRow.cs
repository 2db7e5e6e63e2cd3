using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// One row a model reads, pointed at a sample row by <see cref="MoveTo"/>: what a PredictionEngine feeds the
/// model, without a compile-time class for the columns.
/// </summary>
internal sealed class SampleRow : DataViewRow
{
    private readonly SampleRows _rows;
    private readonly int[] _sampleColumn;
    private int _row = -1;
    private long _position = -1;

    /// <param name="rows">The sample values.</param>
    /// <param name="schema">The schema the model reads; every column must be in the sample with the same type.</param>
    public SampleRow(SampleRows rows, DataViewSchema schema)
    {
        _rows = rows;
        Schema = schema;
        _sampleColumn = [.. schema.Select(c => rows.Schema[c.Name].Index)];
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => 0;

    /// <summary>
    /// Points the row at sample row <paramref name="row"/>. The position always moves on, even when the same sample
    /// row is scored again, because transforms cache their outputs by position.
    /// </summary>
    public void MoveTo(int row)
    {
        _row = row;
        _position++;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        return _rows.Getter<TValue>(_sampleColumn[column.Index], () => _row);
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

    public override bool IsColumnActive(DataViewSchema.Column column) => true;
}
