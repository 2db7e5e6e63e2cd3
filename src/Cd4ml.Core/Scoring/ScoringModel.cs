using Cd4ml.Core.Checks;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Scoring;

/// <summary>A column the model reads from a scoring file: numbers (empty and NA-style cells are missing) or text.</summary>
public sealed record ScoringInput(string Name, bool Numeric);

/// <summary>
/// One published model version loaded for scoring: its transformer, the columns it reads, and how its outputs are
/// written (the classes of a classifier in the model's own order). Loaded only from bytes whose SHA-256 the caller
/// verified against the manifest; shared by every scorer of the version (each scorer makes its own row mapper).
/// </summary>
public sealed class ScoringModel
{
    private const string PredictedLabel = "PredictedLabel";
    private const string Score = "Score";
    private const string Probability = "Probability";

    private ScoringModel(ModelManifest manifest, ITransformer transformer, DataViewSchema inputSchema, IReadOnlyList<string> classes)
    {
        Manifest = manifest;
        Transformer = transformer;
        InputSchema = inputSchema;
        Classes = classes;
        var label = manifest.Spec.Label;
        var allowed = new HashSet<string>(manifest.Spec.Exclude, StringComparer.Ordinal) { label };
        if (manifest.Spec.Monitoring?.IdColumn is { } id)
        {
            allowed.Add(id);
        }

        Ignored = allowed;
        Inputs = [.. inputSchema.Where(c => !allowed.Contains(c.Name)).Select(c => new ScoringInput(c.Name, c.Type == NumberDataViewType.Single))];
    }

    public ModelManifest Manifest { get; }

    public string Pipeline => Manifest.Pipeline;

    public int Version => Manifest.Version;

    public string Sha256 => Manifest.ModelSha256;

    public string Task => Manifest.Spec.Task;

    /// <summary>The spec's monitoring id column, or null (rows are then identified by their line number).</summary>
    public string? IdColumn => Manifest.Spec.Monitoring?.IdColumn;

    public ITransformer Transformer { get; }

    /// <summary>The schema the model was saved with (every column of its training file).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The columns a scoring file must have: the training file's, less the label and the excluded (and id) columns.</summary>
    public IReadOnlyList<ScoringInput> Inputs { get; }

    /// <summary>Columns a scoring file may have besides <see cref="Inputs"/>: the label, excluded columns, the id column.</summary>
    public IReadOnlySet<string> Ignored { get; }

    /// <summary>Binary: [negative, positive]; multiclass: the classes in the model's score order; regression: empty.</summary>
    public IReadOnlyList<string> Classes { get; }

    public string? PositiveClass => Task == TaskTypes.Binary ? Classes[1] : null;

    /// <summary>
    /// Loads a model zip. <paramref name="labelValues"/> are the label's values in the training data (from its
    /// profile): they name a binary model's true and false, which the model itself only knows as a boolean.
    /// </summary>
    public static ScoringModel Load(BinaryData verifiedZip, ModelManifest manifest, IReadOnlyCollection<string> labelValues)
    {
        ArgumentNullException.ThrowIfNull(verifiedZip);
        ArgumentNullException.ThrowIfNull(manifest);
        var ml = new MLContext(manifest.Seed);
        ITransformer transformer;
        DataViewSchema inputSchema;
        using (var stream = verifiedZip.ToStream())
        {
            transformer = ml.Model.Load(stream, out inputSchema);
        }

        var unreadable = inputSchema.FirstOrDefault(c => c.Type != NumberDataViewType.Single && c.Type != TextDataViewType.Instance);
        if (unreadable.Name is not null)
        {
            throw new InvalidDataException($"v{manifest.Version} reads column '{unreadable.Name}' as {unreadable.Type}, which a scoring file cannot supply");
        }

        var output = transformer.GetOutputSchema(inputSchema);
        IReadOnlyList<string> classes = manifest.Spec.Task switch
        {
            TaskTypes.Binary => BinaryClasses(manifest, labelValues),
            TaskTypes.Multiclass => KeyValues(output),
            _ => [],
        };
        if (manifest.Spec.Task == TaskTypes.Multiclass && classes.Count == 0)
        {
            throw new InvalidDataException($"v{manifest.Version} has no class names on its '{PredictedLabel}' column");
        }

        var expected = manifest.Spec.Task == TaskTypes.Regression ? [Score] : new[] { Score, PredictedLabel };
        if (expected.FirstOrDefault(c => output.GetColumnOrNull(c) is null) is { } absent)
        {
            throw new InvalidDataException($"v{manifest.Version} has no '{absent}' output column");
        }

        return new ScoringModel(manifest, transformer, inputSchema, classes);
    }

    /// <summary>The prediction columns of an output row, after the id (or line) column and before <c>modelVersion</c>.</summary>
    public IReadOnlyList<string> PredictionColumns() => Task switch
    {
        TaskTypes.Binary => [PredictionCsv.Prediction, PredictionCsv.Probability, PredictionCsv.Score],
        TaskTypes.Multiclass => [PredictionCsv.Prediction, .. Classes.Select(c => $"{PredictionCsv.Probability}:{c}")],
        _ => [PredictionCsv.Prediction],
    };

    internal bool Calibrated(DataViewSchema output) => output.GetColumnOrNull(Probability) is not null;

    private static string[] BinaryClasses(ModelManifest manifest, IReadOnlyCollection<string> labelValues)
    {
        var (positive, negative, problem) = LabelClasses.Resolve(labelValues, manifest.Spec.PositiveClass);
        return problem is null
            ? [negative!, positive!]
            : throw new InvalidDataException($"v{manifest.Version}: cannot name its classes from the training data's label '{manifest.Spec.Label}': {problem}");
    }

    private static string[] KeyValues(DataViewSchema output)
    {
        var column = output.GetColumnOrNull(PredictedLabel);
        if (column is not { Type: KeyDataViewType } predicted || predicted.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
        {
            return [];
        }

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        predicted.GetKeyValues(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
