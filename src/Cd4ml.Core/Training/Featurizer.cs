using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Cd4ml.Core.Training;

/// <summary>
/// Turns the plan's feature columns into the single <c>Features</c> vector trainers read (see docs/training.md,
/// "Featurization"). The label, excluded columns, dates and empty columns never reach it.
/// </summary>
public static class Featurizer
{
    public const string FeaturesColumn = "Features";

    public static IEstimator<ITransformer> Build(MLContext ml, FeaturePlan plan, bool normalize)
    {
        var features = plan.Features;
        if (features.All(f => f.Encoding == FeatureEncoding.None))
        {
            throw new InvalidDataException("the dataset has no feature columns: every column is the label, excluded, a date or empty");
        }

        var numeric = Named(features, FeatureEncoding.Numeric, FeatureEncoding.NumericWithMissingIndicator);
        var indicated = Named(features, FeatureEncoding.NumericWithMissingIndicator);
        var oneHot = Named(features, FeatureEncoding.OneHot);
        var hashed = Named(features, FeatureEncoding.OneHotHash);
        var text = Named(features, FeatureEncoding.Text);

        var parts = new List<string>();
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();

        // The indicator reads the column before imputation; it is 0/1 as a float so it can join the vector.
        if (indicated.Length > 0)
        {
            var pairs = indicated.Select(n => new InputOutputColumnPair(n + ".missing", n)).ToArray();
            pipeline = pipeline
                .Append(ml.Transforms.IndicateMissingValues(pairs))
                .Append(ml.Transforms.Conversion.ConvertType([.. pairs.Select(p => new InputOutputColumnPair(p.OutputColumnName))], DataKind.Single));
        }

        if (numeric.Length > 0)
        {
            // Every numeric column is imputed, not only those with missing cells now: a later dataset may have some.
            pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues(
                [.. numeric.Select(n => new InputOutputColumnPair(n))],
                MissingValueReplacingEstimator.ReplacementMode.Mean));
        }

        parts.AddRange(features.Where(f => numeric.Contains(f.Name)).SelectMany(f =>
            f.Encoding == FeatureEncoding.NumericWithMissingIndicator ? new[] { f.Name, f.Name + ".missing" } : [f.Name]));

        if (oneHot.Length > 0)
        {
            var pairs = oneHot.Select(c => new InputOutputColumnPair(c + ".onehot", c)).ToArray();
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(pairs));
            parts.AddRange(pairs.Select(p => p.OutputColumnName));
        }

        if (hashed.Length > 0)
        {
            var pairs = hashed.Select(c => new InputOutputColumnPair(c + ".hash", c)).ToArray();
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotHashEncoding(pairs, numberOfBits: FeaturePlan.HashBits));
            parts.AddRange(pairs.Select(p => p.OutputColumnName));
        }

        foreach (var column in text)
        {
            pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText(column + ".text", column));
            parts.Add(column + ".text");
        }

        pipeline = pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, [.. parts]));
        return normalize ? pipeline.Append(ml.Transforms.NormalizeMinMax(FeaturesColumn)) : pipeline;
    }

    private static string[] Named(IReadOnlyList<PlannedColumn> features, params FeatureEncoding[] encodings) =>
        [.. features.Where(f => encodings.Contains(f.Encoding)).Select(f => f.Name)];
}
