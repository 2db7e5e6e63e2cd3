using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// The in-memory sample rows as a data view. Exporting against it (rather than the caller's view) keeps the
/// ONNX graph's inputs to the sample's columns: the converter walks back through every exportable transform
/// of its input data, and would otherwise fold the caller's own loading steps into the graph.
/// </summary>
internal sealed class SampleDataView(SampleRows rows) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema => rows.Schema;

    public long? GetRowCount() => rows.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(rows);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(rows)];

    private sealed class Cursor(SampleRows rows) : DataViewRowCursor
    {
        private int _row = -1;

        public override DataViewSchema Schema => rows.Schema;

        public override long Position => _row;

        public override long Batch => 0;

        public override bool MoveNext() => ++_row < rows.Count;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => rows.Getter<TValue>(column.Index, () => _row);

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_row, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;
    }
}
