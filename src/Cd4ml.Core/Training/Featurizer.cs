using Cd4ml.Core.Data;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace Cd4ml.Core.Training;

/// <summary>Turns dataset columns into the single <c>Features</c> vector trainers read.</summary>
public static class Featurizer
{
    public const string FeaturesColumn = "Features";

    public static IEstimator<ITransformer> Build(MLContext ml, IReadOnlyList<DatasetColumn> features, bool normalize)
    {
        var numeric = features.Where(f => f.Kind == ColumnKind.Numeric).Select(f => f.Name).ToArray();
        var categorical = features.Where(f => f.Kind == ColumnKind.Categorical).Select(f => f.Name).ToArray();
        var parts = new List<string>(numeric);

        IEstimator<ITransformer> pipeline = ml.Transforms.ReplaceMissingValues(
            numeric.Select(n => new InputOutputColumnPair(n, n)).ToArray(),
            MissingValueReplacingEstimator.ReplacementMode.Mean);

        if (categorical.Length > 0)
        {
            var encoded = categorical.Select(c => new InputOutputColumnPair(c + ".onehot", c)).ToArray();
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(encoded));
            parts.AddRange(encoded.Select(e => e.OutputColumnName));
        }

        pipeline = pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, [.. parts]));
        return normalize ? pipeline.Append(ml.Transforms.NormalizeMinMax(FeaturesColumn)) : pipeline;
    }
}
