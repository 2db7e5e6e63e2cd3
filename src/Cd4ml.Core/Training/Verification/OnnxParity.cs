using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// Scores the same rows with ML.NET and ONNX Runtime, one row at a time, and keeps the largest difference. With a
/// <paramref name="decision"/> (a binary model's threshold on Score) the two runtimes' <c>PredictedLabel</c> must agree
/// too, except on a row whose Score is within the tolerance of the threshold, where float32 rounding may tip it.
/// </summary>
internal sealed class OnnxParity(byte[] onnx, string[] columns, double tolerance, double? decision = null)
{
    /// <summary>The ONNX output a binary model's decision is compared on, when the graph has it.</summary>
    public static readonly string DecisionOutput = ScoreColumns.PredictedLabel + OnnxExport.OutputSuffix;

    private double _maxAbsolute;
    private double _maxScaled;
    private int _rows;
    private int _rowsWithMissingValues;
    private string? _mismatch;
    private int _decisionsCompared;

    /// <summary>How many rows' decisions (PredictedLabel) were compared; 0 without a decision threshold.</summary>
    public int DecisionsCompared => _decisionsCompared;

    public bool Decides => decision is not null;

    public OnnxExportResult Run(InferenceSession session, IReadOnlyList<OnnxFeed> feeds, IDataView scored, SampleRows rows)
    {
        var decides = decision is not null;
        using var cursor = scored.GetRowCursor(scored.Schema.Where(c => columns.Contains(c.Name) || (decides && c.Name == ScoreColumns.PredictedLabel)));
        var readers = columns.Select(c => ScoreColumns.Reader(cursor, scored.Schema[c])).ToArray();
        var predicted = decides ? cursor.GetGetter<bool>(scored.Schema[ScoreColumns.PredictedLabel]) : null;
        var outputs = columns.Select(c => c + OnnxExport.OutputSuffix).Concat(decides ? [DecisionOutput] : []).ToArray();
        using var runOptions = new RunOptions();

        for (var row = 0; row < rows.Count && cursor.MoveNext(); row++)
        {
            var inputs = feeds.ToDictionary(f => f.Name, f => f.Create(row), StringComparer.Ordinal);
            try
            {
                using var results = session.Run(runOptions, inputs, outputs);
                for (var c = 0; c < columns.Length; c++)
                {
                    readers[c].Read();
                    Compare(row, columns[c], readers[c].Current, OnnxValues(results[c]));
                }

                if (predicted is not null)
                {
                    var mlNet = false;
                    predicted(ref mlNet);
                    CompareDecision(row, mlNet, results[columns.Length].GetTensorDataAsSpan<bool>()[0], readers[0].Current[0]);
                }
            }
            finally
            {
                foreach (var input in inputs.Values)
                {
                    input.Dispose();
                }
            }

            _rows++;
            _rowsWithMissingValues += rows.HasMissingValue(row) ? 1 : 0;
        }

        var parity = _mismatch is null && _maxScaled <= tolerance;
        var reason = parity
            ? null
            : _mismatch ?? $"parity failed: the largest score difference is {Format(_maxAbsolute)} ({Format(_maxScaled)} scaled), above the tolerance {Format(tolerance)}";
        return Result(parity, reason, session.InputNames);
    }

    public OnnxExportResult Unverified(string problem, IReadOnlyList<string> inputs) => Result(false, $"parity not checked: {problem}", inputs);

    private OnnxExportResult Result(bool parity, string? reason, IReadOnlyList<string> inputs) =>
        new(true, onnx, reason, _maxAbsolute, _maxScaled, _rows, parity, _rowsWithMissingValues, columns, [.. inputs]) { DecisionsCompared = _decisionsCompared };

    private void Compare(int row, string column, ReadOnlySpan<double> mlNet, double[] onnxValues)
    {
        if (mlNet.Length != onnxValues.Length)
        {
            Mismatch($"row {row + 1} has {mlNet.Length} '{column}' values in ML.NET and {onnxValues.Length} in ONNX Runtime");
            return;
        }

        for (var i = 0; i < mlNet.Length; i++)
        {
            var (expected, actual) = (mlNet[i], onnxValues[i]);
            if (double.IsNaN(expected) && double.IsNaN(actual))
            {
                continue;
            }

            var difference = Math.Abs(expected - actual);
            if (!double.IsFinite(difference))
            {
                Mismatch($"row {row + 1} scored {Format(expected)} in ML.NET and {Format(actual)} in ONNX Runtime ('{column}')");
                return;
            }

            _maxAbsolute = Math.Max(_maxAbsolute, difference);
            _maxScaled = Math.Max(_maxScaled, difference / Math.Max(1, Math.Abs(expected)));
        }
    }

    private void CompareDecision(int row, bool mlNet, bool onnxRuntime, double score)
    {
        if (mlNet != onnxRuntime && Math.Abs(score - decision!.Value) > tolerance)
        {
            Mismatch($"row {row + 1} is predicted {(mlNet ? "positive" : "negative")} by ML.NET and {(onnxRuntime ? "positive" : "negative")} by ONNX Runtime " +
                $"(Score {Format(score)}, decision threshold {Format(decision.Value)})");
        }

        _decisionsCompared++;
    }

    private void Mismatch(string problem)
    {
        _maxAbsolute = _maxScaled = double.MaxValue;
        _mismatch ??= $"parity failed: {problem}";
    }

    private static double[] OnnxValues(OrtValue value) =>
        value.GetTensorTypeAndShape().ElementDataType switch
        {
            TensorElementType.Float => [.. value.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v)],
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            var other => throw new InvalidDataException($"the ONNX score output is a {other} tensor, not numbers"),
        };

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
