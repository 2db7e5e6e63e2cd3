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

    /// <summary>The header's names, trimmed, in file order; empty for an empty file.</summary>
    public required IReadOnlyList<string> Header { get; init; }

    /// <summary>
    /// True when every header name is a number or an ISO-8601 date: the first line is probably data and the file has
    /// no header. A heuristic (a file can name its columns 2024, 2025, …); the checks decide what to do with it.
    /// </summary>
    public bool HeaderLooksLikeData { get; init; }

    /// <summary>Data rows, not counting the header (ragged rows included).</summary>
    public required long Rows { get; init; }

    /// <summary>Lines in the file as an editor numbers them (a final line break does not start another line).</summary>
    public long Lines { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>
    /// Rows whose field count differs from the header's, and rows a quote left open. Their cells are not profiled
    /// (each column's <see cref="ColumnProfile.Count"/> + <see cref="ColumnProfile.Missing"/> is <see cref="Rows"/> minus these).
    /// </summary>
    public LineSample RaggedRows { get; init; } = LineSample.None;

    /// <summary>
    /// The line where a quoted field opens and the file never closes it, so the rest of the file became one row
    /// (counted in <see cref="RaggedRows"/>); null when every quote is closed.
    /// </summary>
    public long? UnterminatedQuoteLine { get; init; }

    /// <summary>
    /// The line from which the file could not be parsed: a row longer than the parser's limit of 16 M characters, nearly
    /// always a quote that never closes. Every line from there to the end is counted as a row and as a ragged row.
    /// Null when the whole file was parsed.
    /// </summary>
    public long? UnparsedFromLine { get; init; }

    /// <summary>Rows with bytes that are not valid UTF-8 (they decode to U+FFFD, as does a U+FFFD written in the file).</summary>
    public LineSample InvalidUtf8Rows { get; init; } = LineSample.None;

    /// <summary>Rows containing NUL bytes.</summary>
    public LineSample NulRows { get; init; } = LineSample.None;

    /// <summary>
    /// Rows that repeat an earlier row's raw text exactly: counted exactly (by 64-bit row hash) while the file has at most
    /// <see cref="DatasetProfiler.ExactDuplicateRows"/> distinct rows, else estimated from <see cref="RowSketch"/> (about
    /// ±0.8 % of the rows). A merged profile always estimates. Never negative.
    /// </summary>
    public long DuplicateRowsEstimate { get; init; }

    /// <summary>True when <see cref="DuplicateRowsEstimate"/> was counted exactly rather than estimated.</summary>
    public bool DuplicateRowsExact { get; init; }

    /// <summary>The mergeable sketch behind <see cref="DuplicateRowsEstimate"/>.</summary>
    public DistinctSketch? RowSketch { get; init; }

    /// <summary>
    /// Set when the file was not profiled because its shape is over a cap (<see cref="ProfileOptions.MaxColumns"/>,
    /// <see cref="ProfileOptions.MaxHeaderBytes"/>): then only <see cref="Sha256"/>, <see cref="Bytes"/> and
    /// <see cref="Lines"/> are known, and the <c>file</c> check fails with the refusal's message.
    /// </summary>
    public ProfileRefusal? Refusal { get; init; }

    /// <summary>The settings the profile was made with; a merge needs both profiles made with the same ones.</summary>
    public ProfileOptions Options { get; init; } = ProfileOptions.Default;

    public ColumnProfile? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>A cap a file's shape went over: which one, what the file had, what is allowed, and what to do, in one message.</summary>
/// <param name="Limit">The cap's setting name under <c>Cd4ml:Limits</c>, e.g. <c>MaxColumns</c>.</param>
/// <param name="Observed">What the file has, e.g. <c>50,000 columns</c>.</param>
/// <param name="Allowed">What the cap allows, e.g. <c>≤ 2,000 columns</c>.</param>
/// <param name="Message">The whole story in one line, naming the setting that raises the cap.</param>
public sealed record ProfileRefusal(string Limit, string Observed, string Allowed, string Message);

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

    /// <summary>The column's position in the header (0-based); tells apart columns that share a name.</summary>
    public int Index { get; init; }

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

    /// <summary>
    /// Statistics of the cells that are finite numbers within single precision. Always set for a numeric column; also set
    /// for another column that holds some numbers (so a merged profile can still find it numeric); null when no cell is
    /// such a number. Look at <see cref="Type"/> before treating a column as numeric.
    /// </summary>
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

    /// <summary>What the type was inferred from, kept so that a merged profile infers it as one pass would.</summary>
    public TypeEvidence Evidence { get; init; } = TypeEvidence.None;
}

/// <summary>The counts behind a column's <see cref="ColumnProfile.Type"/>, and the cells that would be bad under each candidate type.</summary>
public sealed record TypeEvidence
{
    public static TypeEvidence None { get; } = new();

    /// <summary>Present cells that parse as numbers, non-finite ones included.</summary>
    public long Numbers { get; init; }

    /// <summary>Cells that parse as numbers but are NaN, infinite or beyond single precision (such as 1e39).</summary>
    public long NonFinite { get; init; }

    public long Booleans { get; init; }

    public long Dates { get; init; }

    /// <summary>Characters in the present (trimmed) cells, for the average length.</summary>
    public long TotalLength { get; init; }

    /// <summary>Cells that are not finite numbers within single precision.</summary>
    public BadCells NotNumeric { get; init; } = BadCells.None;

    public BadCells NotBoolean { get; init; } = BadCells.None;

    public BadCells NotDate { get; init; } = BadCells.None;
}

/// <summary>How many cells, their first lines and their first few values (cut to <see cref="MaxExampleLength"/> characters).</summary>
public sealed record BadCells(LineSample Lines, IReadOnlyList<string> Examples)
{
    public const int MaxExamples = 5;

    public const int MaxExampleLength = 100;

    public static BadCells None { get; } = new(LineSample.None, []);
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
