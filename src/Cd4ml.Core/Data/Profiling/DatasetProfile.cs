namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// What one streaming pass over a CSV file found, column by column: stored as <c>profile.json</c> beside the
/// snapshot (<c>snapshots/{pipeline}/{sha256}/profile.json</c>). Data checks and drift read it; its size grows
/// with the number of columns, never with the number of rows.
/// </summary>
public sealed record DatasetProfile
{
    public const int CurrentFormat = 1;

    /// <summary>The profile format, so an older profile can be recognised.</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>SHA-256 (lower-case hex) of exactly the bytes profiled, computed in the same read.</summary>
    public string Sha256 { get; init; } = "";

    public long Bytes { get; init; }

    /// <summary>True when the file began with a UTF-8 byte order mark (removed before the header was read).</summary>
    public bool HadByteOrderMark { get; init; }

    public bool HeaderLooksLikeData { get; init; }

    /// <summary>The header's names, trimmed, in file order; empty for an empty file.</summary>
    public required IReadOnlyList<string> Header { get; init; }

    /// <summary>Data rows, not counting the header.</summary>
    public required long Rows { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>Rows whose field count differs from the header's.</summary>
    public LineSample RaggedRows { get; init; } = LineSample.None;

    /// <summary>Rows with bytes that are not valid UTF-8.</summary>
    public LineSample InvalidUtf8Rows { get; init; } = LineSample.None;

    /// <summary>Rows containing NUL bytes.</summary>
    public LineSample NulRows { get; init; } = LineSample.None;

    /// <summary>Estimated rows that repeat an earlier row exactly (from a distinct-count sketch of row hashes).</summary>
    public long DuplicateRowsEstimate { get; init; }

    /// <summary>The mergeable sketch behind <see cref="DuplicateRowsEstimate"/>.</summary>
    public DistinctSketch? RowSketch { get; init; }

    public ColumnProfile? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>How many rows had a problem, and the first few line numbers (1-based, as an editor shows them).</summary>
public sealed record LineSample(long Count, IReadOnlyList<long> Lines)
{
    /// <summary>How many example line numbers are kept: enough to find the problem, small enough to report.</summary>
    public const int MaxLines = 10;

    public static LineSample None { get; } = new(0, []);
}

/// <summary>The inferred (or declared) type of a column.</summary>
public enum InferredType
{
    /// <summary>Every cell is missing.</summary>
    Empty,
    Numeric,
    Boolean,
    Date,
    Categorical,
    Text,
}

/// <summary>One column's profile.</summary>
public sealed record ColumnProfile
{
    public required string Name { get; init; }

    public required InferredType Type { get; init; }

    /// <summary>Cells with a value (not missing).</summary>
    public required long Count { get; init; }

    /// <summary>Empty cells and missing-value markers (see the profiler for the list).</summary>
    public required long Missing { get; init; }

    /// <summary>
    /// Cells that do not fit the column's type: text in a numeric column, non-finite numbers (NaN, Infinity,
    /// values beyond single precision such as 1e39). Counted here, never silently turned into NaN or 0.
    /// </summary>
    public LineSample BadValues { get; init; } = LineSample.None;

    /// <summary>The first few bad cells as written, for the report.</summary>
    public IReadOnlyList<string> BadValueExamples { get; init; } = [];

    /// <summary>Statistics of the parsable numbers; null for non-numeric columns.</summary>
    public NumericSummary? Numeric { get; init; }

    /// <summary>Estimated distinct values (HyperLogLog).</summary>
    public long DistinctEstimate { get; init; }

    public DistinctSketch? DistinctSketch { get; init; }

    /// <summary>The most frequent values with exact counts, most frequent first.</summary>
    public IReadOnlyList<CategoryCount> TopCategories { get; init; } = [];

    /// <summary>
    /// Exact counts of every value while there are at most the profiler's category limit of them; null once
    /// the column has more (then only <see cref="TopCategories"/> is approximate-free and drift uses it).
    /// </summary>
    public IReadOnlyDictionary<string, long>? Categories { get; init; }
}

/// <summary>A value and how many cells hold it.</summary>
public sealed record CategoryCount(string Value, long Count);

/// <summary>Numeric statistics; merged exactly (counts, min, max, sketch) or to rounding (mean, variance).</summary>
public sealed record NumericSummary
{
    public required long Count { get; init; }

    public required double Min { get; init; }

    public required double Max { get; init; }

    public required double Mean { get; init; }

    /// <summary>Sample standard deviation; 0 with fewer than two values.</summary>
    public required double StdDev { get; init; }

    /// <summary>The line of the first occurrence of the minimum and the maximum, for range reports.</summary>
    public long MinLine { get; init; }

    public long MaxLine { get; init; }

    /// <summary>A mergeable quantile sketch of the values, for quantiles, histograms and drift (PSI).</summary>
    public required QuantileSketch Sketch { get; init; }
}
