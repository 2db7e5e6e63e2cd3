using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>
/// A view of loaded data in which every non-finite number is NaN, the value featurization treats as missing. ML.NET's
/// loader reads <c>Infinity</c>, <c>-Infinity</c> and numbers beyond single precision (<c>1e39</c>) as ±Infinity, which
/// the missing-value indicator and mean imputation do not touch: an infinite value would reach the trainer (and, after
/// min-max scaling, turn a linear model's weights or scores into NaN). Read through this view, such a cell gets the
/// column's <c>.missing</c> indicator and the training mean, like an empty cell.
/// </summary>
/// <remarks>
/// This is a view, not a step of the saved model: ML.NET has no ONNX-exportable transform that maps infinity to NaN,
/// and a custom one would make every model unexportable. Every dataset Cd4ml reads for training, evaluation or
/// verification goes through <see cref="TrainingData"/>, which applies it; a consumer scoring the model elsewhere
/// feeds NaN for a non-finite number (docs/edge-export.md).
/// </remarks>
public sealed class NonFiniteAsMissing : IDataView
{
    private readonly IDataView _source;

    private NonFiniteAsMissing(IDataView source) => _source = source;

    /// <summary>The same rows and schema, with every non-finite <see cref="float"/> or <see cref="double"/> value read as NaN.</summary>
    public static IDataView Apply(IDataView source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is NonFiniteAsMissing ? source : new NonFiniteAsMissing(source);
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(columnsNeeded, rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [.. _source.GetRowCursorSet(columnsNeeded, n, rand).Select(c => (DataViewRowCursor)new Cursor(c))];

    private sealed class Cursor(DataViewRowCursor inner) : DataViewRowCursor
    {
        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override bool MoveNext() => inner.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var getter = inner.GetGetter<TValue>(column);
            if (typeof(TValue) == typeof(float))
            {
                var read = (ValueGetter<float>)(Delegate)getter;
                ValueGetter<float> finite = (ref float value) =>
                {
                    read(ref value);
                    if (!float.IsFinite(value))
                    {
                        value = float.NaN;
                    }
                };
                return (ValueGetter<TValue>)(Delegate)finite;
            }

            if (typeof(TValue) == typeof(double))
            {
                var read = (ValueGetter<double>)(Delegate)getter;
                ValueGetter<double> finite = (ref double value) =>
                {
                    read(ref value);
                    if (!double.IsFinite(value))
                    {
                        value = double.NaN;
                    }
                };
                return (ValueGetter<TValue>)(Delegate)finite;
            }

            return getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
