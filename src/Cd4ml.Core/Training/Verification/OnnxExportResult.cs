namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// The outcome of exporting a model to ONNX and checking ONNX Runtime scores the sample rows as ML.NET does.
/// Publish <see cref="OnnxBytes"/> only when <see cref="Exported"/> and <see cref="Parity"/> are both true.
/// Every number is finite, so the result serialises to JSON (without the bytes, it fits an activity's output).
/// </summary>
/// <param name="Exported">True when the ONNX converter produced a graph with the model's score outputs.</param>
/// <param name="OnnxBytes">The ONNX model when exported; null otherwise.</param>
/// <param name="Reason">Why it was not exported, or why parity failed or could not be checked; null when both succeeded.</param>
/// <param name="MaxAbsoluteDifference">
/// The largest |ML.NET − ONNX Runtime| over every compared score value; <see cref="double.MaxValue"/> when one side
/// was NaN and the other not, or the shapes differed; 0 when nothing was compared.
/// </param>
/// <param name="MaxScaledDifference">
/// The largest |ML.NET − ONNX Runtime| / max(1, |ML.NET|): the absolute difference for scores and probabilities
/// within ±1, the relative one for larger values (regression), where float32 cannot hold 1e-4 absolute.
/// </param>
/// <param name="RowsCompared">Sample rows scored by both runtimes.</param>
/// <param name="Parity">True when <paramref name="MaxScaledDifference"/> is at most the tolerance (<see cref="OnnxExport.ParityTolerance"/> by default).</param>
/// <param name="RowsWithMissingValues">Compared rows with a missing value (NaN number or empty text) in some input column.</param>
/// <param name="ComparedColumns">The ML.NET columns compared with their ONNX outputs: Score, and Probability when the model has one.</param>
/// <param name="Inputs">The ONNX graph's inputs, one per sample column, each shaped [N, 1] (text as string tensors).</param>
public sealed record OnnxExportResult(
    bool Exported,
    byte[]? OnnxBytes,
    string? Reason,
    double MaxAbsoluteDifference,
    double MaxScaledDifference,
    int RowsCompared,
    bool Parity,
    int RowsWithMissingValues,
    IReadOnlyList<string> ComparedColumns,
    IReadOnlyList<string> Inputs)
{
    /// <summary>Rows whose binary decision (<c>PredictedLabel</c> at the model's threshold) was compared too; 0 for other models.</summary>
    public int DecisionsCompared { get; init; }
}
