using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// The numeric outputs a consumer reads from a scored row, whatever the task: <c>Score</c> (a number for binary
/// classification and regression, a vector for multiclass) and, for calibrated binary models, <c>Probability</c>.
/// </summary>
internal static class ScoreColumns
{
    public const string Score = "Score";
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The score columns the schema has, Score first; empty when it has no Score column.</summary>
    public static IReadOnlyList<DataViewSchema.Column> Find(DataViewSchema schema)
    {
        if (schema.GetColumnOrNull(Score) is not { } score)
        {
            return [];
        }

        return schema.GetColumnOrNull(Probability) is { } probability ? [score, probability] : [score];
    }

    /// <summary>Why a score column cannot be read as numbers, or null when it can.</summary>
    public static string? Problem(DataViewSchema.Column column) =>
        ItemType(column.Type) is { } item && (item == NumberDataViewType.Single || item == NumberDataViewType.Double)
            ? null
            : $"the model's '{column.Name}' column is {column.Type}, not numbers";

    /// <summary>Reads one score column of a row as doubles into a buffer the caller reuses.</summary>
    public static ScoreReader Reader(DataViewRow row, DataViewSchema.Column column) =>
        (column.Type, ItemType(column.Type)) switch
        {
            (VectorDataViewType, { } item) when item == NumberDataViewType.Single => new VectorReader<float>(row.GetGetter<VBuffer<float>>(column), column.Name),
            (VectorDataViewType, _) => new VectorReader<double>(row.GetGetter<VBuffer<double>>(column), column.Name),
            (_, { } item) when item == NumberDataViewType.Single => new ScalarReader<float>(row.GetGetter<float>(column), column.Name),
            _ => new ScalarReader<double>(row.GetGetter<double>(column), column.Name),
        };

    private static DataViewType? ItemType(DataViewType type) => type is VectorDataViewType vector ? vector.ItemType : type;

    private sealed class ScalarReader<T>(ValueGetter<T> getter, string name) : ScoreReader(name)
        where T : INumberBase<T>
    {
        private T _value = default!;

        public override void Read()
        {
            getter(ref _value);
            Values[0] = double.CreateTruncating(_value);
            Count = 1;
        }
    }

    private sealed class VectorReader<T>(ValueGetter<VBuffer<T>> getter, string name) : ScoreReader(name)
        where T : INumberBase<T>
    {
        private VBuffer<T> _value;

        public override void Read()
        {
            getter(ref _value);
            if (Values.Length < _value.Length)
            {
                Values = new double[_value.Length];
            }

            var i = 0;
            foreach (var item in _value.DenseValues())
            {
                Values[i++] = double.CreateTruncating(item);
            }

            Count = i;
        }
    }
}

/// <summary>Reads one score column of the current row.</summary>
internal abstract class ScoreReader(string column)
{
    public string Column { get; } = column;

    /// <summary>The values <see cref="Read"/> last read: one for a number, one per class for a vector.</summary>
    public ReadOnlySpan<double> Current => Values.AsSpan(0, Count);

    protected double[] Values { get; set; } = new double[1];

    protected int Count { get; set; }

    /// <summary>Reads the column's values for the row the getter points at.</summary>
    public abstract void Read();
}
