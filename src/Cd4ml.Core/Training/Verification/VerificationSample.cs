using Microsoft.ML;

namespace Cd4ml.Core.Training.Verification;

/// <summary>The rows the smoke test and the ONNX parity check score: the first holdout rows, in the model's input schema.</summary>
public static class VerificationSample
{
    /// <summary>
    /// The first <paramref name="rows"/> rows of <paramref name="data"/> with only the columns of
    /// <paramref name="inputSchema"/> (for example the holdout without its mapped <c>Label</c>, in the schema the
    /// model was saved with). Those columns become the ONNX graph's inputs.
    /// </summary>
    public static IDataView Take(MLContext ml, IDataView data, DataViewSchema inputSchema, int rows = SmokeTester.DefaultSampleRows)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(inputSchema);

        var first = ml.Data.TakeRows(data, rows);
        return ml.Transforms.SelectColumns([.. inputSchema.Select(c => c.Name)]).Fit(first).Transform(first);
    }
}
