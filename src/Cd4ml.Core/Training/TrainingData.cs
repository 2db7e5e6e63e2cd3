using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>
/// A snapshot loaded for ML.NET: typed columns, the label mapped to a boolean, and the deterministic
/// train/holdout split every candidate and the champion share.
/// </summary>
public sealed class TrainingData
{
    /// <summary>The boolean label column training and evaluation read; not part of saved models.</summary>
    public const string LabelColumn = "Label";

    private TrainingData(IDataView raw, IDataView train, IDataView holdout, IReadOnlyList<DatasetColumn> features, string positiveClass)
    {
        Raw = raw;
        Train = train;
        Holdout = holdout;
        Features = features;
        PositiveClass = positiveClass;
    }

    /// <summary>The file as loaded, without the label mapping: the input schema of saved models.</summary>
    public IDataView Raw { get; }

    public IDataView Train { get; }

    public IDataView Holdout { get; }

    public IReadOnlyList<DatasetColumn> Features { get; }

    public string PositiveClass { get; }

    public static TrainingData Load(MLContext ml, string csvPath, DatasetScan scan, PipelineSpec spec) =>
        Load(ml, csvPath, scan.Columns, scan.LabelValues.Keys.ToList(), spec);

    /// <summary>Loads with the column kinds and label values a data check already found.</summary>
    public static TrainingData Load(MLContext ml, string csvPath, IReadOnlyList<DatasetColumn> columnKinds, IReadOnlyCollection<string> labelValues, PipelineSpec spec)
    {
        var (positive, negative, problem) = LabelClasses.Resolve(labelValues, spec.PositiveClass);
        if (problem is not null)
        {
            throw new InvalidDataException($"label '{spec.Label}': {problem}");
        }

        var columns = columnKinds
            .Select((c, i) => new TextLoader.Column(c.Name, c.Kind == ColumnKind.Numeric ? DataKind.Single : DataKind.String, i))
            .ToArray();
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = columns,
            HasHeader = true,
            Separators = [','],
            AllowQuoting = true,
            // A quoted field may span lines; the data check reads it as one row, so training must too.
            ReadMultilines = true,
            TrimWhitespace = true,
            // Empty numeric cells are missing values, never zero.
            MissingRealsAsNaNs = true,
        });
        var raw = loader.Load(csvPath);

        var labelMap = ml.Transforms.Conversion.MapValue(
            LabelColumn,
            [new KeyValuePair<string, bool>(positive!, true), new KeyValuePair<string, bool>(negative!, false)],
            spec.Label);
        var labeled = labelMap.Fit(raw).Transform(raw);
        var split = ml.Data.TrainTestSplit(labeled, spec.TestFraction, seed: spec.Seed);

        var features = columnKinds
            .Where(c => c.Name != spec.Label && !spec.Exclude.Contains(c.Name, StringComparer.Ordinal))
            .ToList();
        return new TrainingData(raw, split.TrainSet, split.TestSet, features, positive!);
    }
}
