using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks.Drift;

/// <summary>Two columns' category shares over the same categories, for a distance between them.</summary>
public static class CategoryShares
{
    /// <summary>
    /// Shares of each category whose count is known on both sides (exact counts, or the most frequent values when a
    /// column has too many to count), plus one "other" share for the rest. A category whose count is known on one
    /// side only goes to "other" on both, so the two sides are always compared over the same partition: coarser
    /// categories can only hide drift, never invent it.
    /// </summary>
    public static (IReadOnlyList<double> Reference, IReadOnlyList<double> Current) Align(ColumnProfile reference, ColumnProfile current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var names = Known(reference).Concat(Known(current)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var referenceCounts = new List<long>();
        var currentCounts = new List<long>();
        foreach (var name in names)
        {
            if (CountOf(reference, name) is { } r && CountOf(current, name) is { } c)
            {
                referenceCounts.Add(r);
                currentCounts.Add(c);
            }
        }

        return (WithOther(referenceCounts, reference.Count), WithOther(currentCounts, current.Count));
    }

    private static IEnumerable<string> Known(ColumnProfile column) =>
        column.Categories?.Keys ?? column.TopCategories.Select(c => c.Value);

    private static long? CountOf(ColumnProfile column, string value) =>
        column.Categories is { } all ? all.GetValueOrDefault(value)
        : column.TopCategories.FirstOrDefault(c => string.Equals(c.Value, value, StringComparison.Ordinal))?.Count;

    private static double[] WithOther(List<long> counts, long cells)
    {
        var known = counts.Sum();
        var total = Math.Max(cells, known);
        if (total == 0)
        {
            return new double[counts.Count + 1];
        }

        var shares = new double[counts.Count + 1];
        for (var i = 0; i < counts.Count; i++)
        {
            shares[i] = (double)counts[i] / total;
        }

        shares[^1] = (double)(total - known) / total;
        return shares;
    }
}
