using Cd4ml.Core.Limits;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>Settings of <see cref="DatasetProfiler"/>; the defaults suit datasets of any size.</summary>
public sealed record ProfileOptions
{
    public static ProfileOptions Default { get; } = new();

    /// <summary>
    /// Distinct values counted exactly per column (<see cref="ColumnProfile.Categories"/>). Past it new values are not
    /// taken and <see cref="ColumnProfile.Categories"/> is null, but the values already held keep counting.
    /// </summary>
    public int CategoryLimit { get; init; } = 1000;

    /// <summary>Values longer than this are never counted as categories (their column's <see cref="ColumnProfile.Categories"/> is null).</summary>
    public int MaxCategoryLength { get; init; } = 200;

    /// <summary>How many of the most frequent values <see cref="ColumnProfile.TopCategories"/> lists.</summary>
    public int TopCategories { get; init; } = 20;

    /// <summary>The share of present cells that must be numbers (booleans, dates) for the column to be numeric (boolean, date).</summary>
    public double TypeShare { get; init; } = 0.95;

    /// <summary>Relative accuracy of the quantile sketches.</summary>
    public double RelativeAccuracy { get; init; } = QuantileSketch.DefaultRelativeAccuracy;

    /// <summary>Buckets per sign a quantile sketch keeps before it folds the lowest.</summary>
    public int MaxBuckets { get; init; } = QuantileSketch.DefaultMaxBuckets;

    /// <summary>HyperLogLog precision of each column's distinct count (12: 4 KiB, about 1.6 % error).</summary>
    public int ColumnDistinctPrecision { get; init; } = 12;

    /// <summary>HyperLogLog precision of the row sketch behind the duplicate estimate (14: 16 KiB, about 0.8 % error).</summary>
    public int RowDistinctPrecision { get; init; } = 14;

    /// <summary>
    /// Columns profiled at most. A header with more is refused before any column's state is allocated
    /// (<see cref="DatasetProfile.Refusal"/>); the rest of the file is only hashed.
    /// </summary>
    public int MaxColumns { get; init; } = ResourceLimits.DefaultMaxColumns;

    /// <summary>Bytes the first line (the header) may take; a longer one is refused before it is read whole.</summary>
    public int MaxHeaderBytes { get; init; } = ResourceLimits.DefaultMaxHeaderBytes;

    /// <summary>Classes a multiclass label may have; the <c>label</c> check fails above it.</summary>
    public int MaxClasses { get; init; } = ResourceLimits.DefaultMaxClasses;

    /// <summary>
    /// The options for <paramref name="limits"/>: its caps, and enough distinct values counted exactly per column to
    /// count every class of a label at the class cap.
    /// </summary>
    public static ProfileOptions Within(ResourceLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Default with
        {
            MaxColumns = limits.MaxColumns,
            MaxHeaderBytes = limits.MaxHeaderBytes,
            MaxClasses = limits.MaxClasses,
            CategoryLimit = Math.Max(Default.CategoryLimit, limits.MaxClasses),
        };
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CategoryLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCategoryLength);
        ArgumentOutOfRangeException.ThrowIfNegative(TopCategories);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TypeShare, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TypeShare, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RelativeAccuracy, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(RelativeAccuracy, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBuckets, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxColumns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxClasses, 2);
        foreach (var precision in new[] { ColumnDistinctPrecision, RowDistinctPrecision })
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(precision, DistinctSketch.MinPrecision);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, DistinctSketch.MaxPrecision);
        }
    }
}
