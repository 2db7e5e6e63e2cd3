using System.Globalization;
using System.Security.Cryptography;
using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Training.Verification;

/// <summary>What the manifest, the model card and the CLI say about an edge export, read off its result.</summary>
public static class EdgeExports
{
    /// <summary>
    /// Published, with the ONNX file's hash and size, when the export succeeded and ONNX Runtime agreed with ML.NET;
    /// otherwise not published, with <see cref="OnnxExportResult.Reason"/> as the one-line reason (the step the
    /// converter could not export, the runtime's own message when it could not load or run the graph, or the largest
    /// score difference when parity failed).
    /// </summary>
    public static EdgeExport From(OnnxExportResult export)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (export.Exported && export.Parity && export.OnnxBytes is { } onnx)
        {
            return new EdgeExport(true,
                string.Create(CultureInfo.InvariantCulture,
                    $"exported; ONNX Runtime matches ML.NET on {export.RowsCompared} holdout rows (max difference {export.MaxAbsoluteDifference:G3})"),
                Convert.ToHexStringLower(SHA256.HashData(onnx)), onnx.Length, export.MaxAbsoluteDifference, export.RowsCompared);
        }

        var reason = OnnxRuntimeLog.OneLine(export.Reason ?? (export.Exported ? "parity not checked" : "not exported"));
        return new EdgeExport(false, reason,
            MaxAbsoluteDifference: export.Exported && export.RowsCompared > 0 ? export.MaxAbsoluteDifference : null,
            RowsCompared: export.RowsCompared);
    }
}
