using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// Feeds one ONNX graph input from the sample column of the same name, one row at a time. ML.NET's converter
/// makes one input per input column, shaped [N, 1] (or [N, size] for a vector), text as a string tensor.
/// </summary>
internal abstract class OnnxFeed(string name)
{
    public string Name { get; } = name;

    /// <summary>A feed for the graph input, or why the sample rows cannot feed it.</summary>
    public static (OnnxFeed? Feed, string? Problem) Create(SampleRows rows, string name, NodeMetadata metadata)
    {
        if (rows.Schema.GetColumnOrNull(name) is not { } column)
        {
            return (null, $"the ONNX graph reads '{name}' but the sample rows have no such column");
        }

        var (itemType, size) = column.Type is VectorDataViewType vector ? (vector.ItemType, vector.Size) : (column.Type, 1);
        if (size == 0)
        {
            return (null, $"'{name}' is a vector of unknown size, which ONNX cannot be fed one row at a time");
        }

        long[] shape = [1, size];
        if (metadata.IsString && itemType is TextDataViewType)
        {
            return column.Type is VectorDataViewType
                ? (null, $"'{name}' is a text vector; only single text columns are fed")
                : (new TextFeed(name, rows.Column<ReadOnlyMemory<char>>(column.Index), shape), null);
        }

        if (metadata.ElementType != itemType.RawType || !itemType.RawType.IsValueType)
        {
            return (null, $"the ONNX graph reads '{name}' as {metadata.ElementType.Name} but the sample rows have {column.Type}");
        }

        var feedType = column.Type is VectorDataViewType
            ? typeof(VectorFeed<>).MakeGenericType(itemType.RawType)
            : typeof(ScalarFeed<>).MakeGenericType(itemType.RawType);
        var values = typeof(SampleRows).GetMethod(nameof(SampleRows.Column))!
            .MakeGenericMethod(column.Type.RawType)
            .Invoke(rows, [column.Index])!;
        return ((OnnxFeed)Activator.CreateInstance(feedType, name, values, shape)!, null);
    }

    /// <summary>A one-row tensor with the sample's value in <paramref name="row"/>; the caller disposes it.</summary>
    public abstract OrtValue Create(int row);

    private sealed class ScalarFeed<T>(string name, IReadOnlyList<T> values, long[] shape) : OnnxFeed(name)
        where T : unmanaged
    {
        public override OrtValue Create(int row) => OrtValue.CreateTensorValueFromMemory([values[row]], shape);
    }

    private sealed class VectorFeed<T>(string name, IReadOnlyList<VBuffer<T>> values, long[] shape) : OnnxFeed(name)
        where T : unmanaged
    {
        public override OrtValue Create(int row) => OrtValue.CreateTensorValueFromMemory(values[row].DenseValues().ToArray(), shape);
    }

    private sealed class TextFeed(string name, IReadOnlyList<ReadOnlyMemory<char>> values, long[] shape) : OnnxFeed(name)
    {
        public override OrtValue Create(int row)
        {
            var tensor = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            tensor.StringTensorSetElementAt(values[row].Span, 0);
            return tensor;
        }
    }
}
