namespace Cd4ml.Core.Data.Profiling;

/// <summary>Assembles a <see cref="ColumnProfile"/> from counts, for one pass and for a merge alike, so both infer the same way.</summary>
internal static class ColumnProfiles
{
    public static ColumnProfile Build(
        string name,
        int index,
        long present,
        long missing,
        TypeEvidence evidence,
        NumericSummary? numeric,
        DistinctSketch distinct,
        IEnumerable<KeyValuePair<string, long>>? exactCategories,
        IEnumerable<KeyValuePair<string, long>> trackedCategories,
        ProfileOptions options)
    {
        var categories = exactCategories?.ToDictionary(StringComparer.Ordinal);
        var estimate = distinct.Estimate();
        var type = TypeInference.Infer(present, evidence, categories?.Count ?? estimate, options.TypeShare);
        var bad = TypeInference.BadCellsOf(type, evidence);
        if (type == InferredType.Numeric && numeric is null)
        {
            // Every number was NaN, infinite or too large: all bad, and nothing to summarise.
            numeric = new NumericSummary
            {
                Count = 0,
                Min = double.NaN,
                Max = double.NaN,
                Mean = double.NaN,
                StdDev = 0,
                Sketch = QuantileSketch.Empty(options.RelativeAccuracy, options.MaxBuckets),
            };
        }

        return new ColumnProfile
        {
            Name = name,
            Index = index,
            Type = type,
            Count = present,
            Missing = missing,
            BadValues = bad.Lines,
            BadValueExamples = bad.Examples,
            Numeric = numeric,
            DistinctEstimate = categories?.Count ?? estimate,
            DistinctSketch = distinct,
            TopCategories = Top(categories ?? trackedCategories, options.TopCategories),
            Categories = categories,
            Evidence = evidence,
        };
    }

    /// <summary>The most frequent values, most frequent first; ties in ordinal order of the value, so the list is deterministic.</summary>
    public static IReadOnlyList<CategoryCount> Top(IEnumerable<KeyValuePair<string, long>> counts, int take) =>
        [.. counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(take)
            .Select(kv => new CategoryCount(kv.Key, kv.Value))];
}
