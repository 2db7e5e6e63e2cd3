using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Runtime;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// Exports a model to ONNX for edge and non-.NET consumers, then checks ONNX Runtime scores sample rows like
/// ML.NET does. A model the converter cannot export, or whose export does not agree, is a result with the reason;
/// nothing here throws for a model problem.
/// </summary>
public static class OnnxExport
{
    /// <summary>
    /// The largest score difference that still counts as the same model: absolute for values within ±1, relative
    /// to the ML.NET value above that.
    /// </summary>
    public const double ParityTolerance = 1e-4;

    /// <summary>The suffix ML.NET's converter gives the graph output of a column: <c>Score</c> → <c>Score.output</c>.</summary>
    public const string OutputSuffix = ".output";

    /// <summary>Converts <paramref name="model"/> to ONNX and compares its scores with ML.NET's on the sample rows.</summary>
    /// <param name="ml">The context the model was loaded or trained in.</param>
    /// <param name="model">The model, as trained or as loaded from its zip.</param>
    /// <param name="sampleRows">
    /// Rows whose columns become the ONNX inputs: the model's input schema (see <see cref="VerificationSample.Take"/>),
    /// ideally including rows with missing values.
    /// </param>
    /// <param name="maxRows">How many sample rows to compare.</param>
    /// <param name="tolerance">The largest scaled score difference that still counts as parity.</param>
    /// <param name="nativeLog">
    /// Where ONNX Runtime's own warnings and errors go, one line each (see <see cref="OnnxRuntimeLog"/>); null drops
    /// them. Never the process's standard error.
    /// </param>
    public static OnnxExportResult TryExport(
        MLContext ml, ITransformer model, IDataView sampleRows, int maxRows = SmokeTester.DefaultSampleRows, double tolerance = ParityTolerance,
        Action<string>? nativeLog = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);

        try
        {
            return Export(ml, model, sampleRows, maxRows, tolerance, nativeLog);
        }
        catch (Exception e)
        {
            // Each step below reports its own failures; this is the backstop for anything they did not foresee.
            return NotExported($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static OnnxExportResult Export(MLContext ml, ITransformer model, IDataView sampleRows, int maxRows, double tolerance, Action<string>? nativeLog)
    {
        SampleRows rows;
        try
        {
            rows = SampleRows.Read(sampleRows, maxRows);
        }
        catch (Exception e)
        {
            return NotExported($"cannot read the sample rows: {e.Message}");
        }

        if (rows.Count == 0)
        {
            return NotExported("no sample rows to export with and compare on");
        }

        var sample = new SampleDataView(rows);
        IReadOnlyList<DataViewSchema.Column> scoreColumns;
        try
        {
            scoreColumns = ScoreColumns.Find(model.GetOutputSchema(sample.Schema));
        }
        catch (Exception e)
        {
            return NotExported($"the model cannot score the sample rows: {e.Message}");
        }

        if (scoreColumns.Count == 0)
        {
            return NotExported($"the model has no '{ScoreColumns.Score}' column to export");
        }

        if (scoreColumns.Select(ScoreColumns.Problem).FirstOrDefault(p => p is not null) is { } typeProblem)
        {
            return NotExported(typeProblem);
        }

        var (onnx, failure) = Convert(ml, model, sample);
        if (onnx is null)
        {
            return NotExported(Unsupported(ml, model, sample, failure!));
        }

        return Compare(ml, model, sample, rows, onnx, [.. scoreColumns.Select(c => c.Name)], tolerance, nativeLog);
    }

    private static OnnxExportResult Compare(
        MLContext ml, ITransformer model, SampleDataView sample, SampleRows rows, byte[] onnx, string[] columns, double tolerance, Action<string>? nativeLog)
    {
        var comparison = new OnnxParity(onnx, columns, tolerance, DecisionThreshold(model, sample));
        try
        {
            using var log = OnnxRuntimeLog.Capture(nativeLog);
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                // ONNX Runtime warns about the converter's one-hot shapes on every load; only errors matter here.
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            InferenceSession session;
            try
            {
                session = new InferenceSession(onnx, options);
            }
            catch (OnnxRuntimeException e)
            {
                return comparison.Unverified($"ONNX Runtime cannot load the exported model: {OnnxRuntimeLog.Reason(e.Message)}", []);
            }

            using var loaded = session;

            if (columns.FirstOrDefault(c => !session.OutputMetadata.ContainsKey(c + OutputSuffix)) is { } missing)
            {
                // The converter stops at the first step it cannot export and leaves the rest of the model out.
                return NotExported(Unsupported(ml, model, sample, $"the exported graph has no '{missing}{OutputSuffix}' output"));
            }

            if (comparison.Decides && !session.OutputMetadata.ContainsKey(OnnxParity.DecisionOutput))
            {
                return NotExported(Unsupported(ml, model, sample, $"the exported graph has no '{OnnxParity.DecisionOutput}' output"));
            }

            var feeds = new List<OnnxFeed>();
            foreach (var (name, metadata) in session.InputMetadata)
            {
                var (feed, problem) = OnnxFeed.Create(rows, name, metadata);
                if (problem is not null)
                {
                    return comparison.Unverified(problem, session.InputNames);
                }

                feeds.Add(feed!);
            }

            return comparison.Run(session, feeds, model.Transform(sample), rows);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return comparison.Unverified($"ONNX Runtime's native library (libonnxruntime) could not be loaded: {e.Message}", []);
        }
        catch (Exception e)
        {
            return comparison.Unverified($"{e.GetType().Name}: {OnnxRuntimeLog.OneLine(e.Message)}", []);
        }
    }

    /// <summary>
    /// The threshold on Score of a binary model's <c>PredictedLabel</c> (a tuned one is baked in), so the export's decisions
    /// are checked too; null for models without a boolean PredictedLabel.
    /// </summary>
    private static double? DecisionThreshold(ITransformer model, SampleDataView sample)
    {
        var predicted = model.GetOutputSchema(sample.Schema).GetColumnOrNull(ScoreColumns.PredictedLabel);
        if (predicted is not { } column || column.Type != BooleanDataViewType.Instance)
        {
            return null;
        }

        try
        {
            return Decisions.ModelThreshold.Of(model);
        }
        catch (ArgumentException)
        {
            // A model that does not end in ML.NET's binary prediction step: its decisions are not ours to check.
            return null;
        }
    }

    /// <summary>
    /// The ONNX graph, or why there is none. The converter does not always throw for a step it cannot export: it
    /// may warn and write a graph that starts after that step, whose inputs are no longer the model's inputs.
    /// </summary>
    private static (byte[]? Onnx, string? Failure) Convert(MLContext ml, ITransformer model, IDataView sample)
    {
        var leftOut = false;
        void Watch(object? sender, LoggingEventArgs e) =>
            leftOut |= e.Kind == ChannelMessageKind.Warning && e.Message.Contains("cannot save itself as ONNX", StringComparison.Ordinal);

        ml.Log += Watch;
        try
        {
            using var stream = new MemoryStream();
            ml.Model.ConvertToOnnx(model, sample, stream);
            return leftOut ? (null, "the converter left a step out of the graph") : (stream.ToArray(), null);
        }
        catch (Exception e)
        {
            return (null, e.Message);
        }
        finally
        {
            ml.Log -= Watch;
        }
    }

    /// <summary>
    /// Why the model did not export, naming the first step the converter cannot handle (the converter does not
    /// say): exporting ever longer prefixes of the model finds it.
    /// </summary>
    private static string Unsupported(MLContext ml, ITransformer model, IDataView sample, string failure)
    {
        var steps = ModelSteps.Flatten(model);
        for (var count = 1; count <= steps.Count; count++)
        {
            if (Convert(ml, new TransformerChain<ITransformer>([.. steps.Take(count)]), sample).Onnx is null)
            {
                return $"{ModelSteps.Name(steps[count - 1])} is not supported by the ONNX converter ({failure}; model: {ModelSteps.Describe(model)})";
            }
        }

        return $"the ONNX converter failed: {failure} (model: {ModelSteps.Describe(model)})";
    }

    private static OnnxExportResult NotExported(string reason) => new(false, null, OnnxRuntimeLog.OneLine(reason), 0, 0, 0, false, 0, [], []);
}
