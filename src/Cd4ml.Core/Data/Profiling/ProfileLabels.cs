namespace Cd4ml.Core.Data.Profiling;

/// <summary>The label values a profile saw, for loading the data to train on.</summary>
public static class ProfileLabels
{
    /// <summary>
    /// Every distinct value of <paramref name="label"/> when the profile kept them all, otherwise its most frequent ones;
    /// empty when the column is absent (the loader then reads the classes from the file).
    /// </summary>
    public static IReadOnlyList<string> ValuesOf(DatasetProfile profile, string label)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var column = profile.Column(label);
        return column is null ? []
            : column.Categories is { } all ? [.. all.Keys.Order(StringComparer.Ordinal)] : [.. column.TopCategories.Select(c => c.Value)];
    }
}
