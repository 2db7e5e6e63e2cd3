namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Profiles a comma-separated file in one streaming read, blocks of rows on every core: the SHA-256 of its bytes, the header, every column's type,
/// counts, bad values, statistics, sketches and categories, and the rows that are ragged, hold NUL characters or are
/// not valid UTF-8, with line numbers. Memory grows with the number of columns (and the longest row), never with the
/// number of rows. Cells are trimmed of surrounding white space and unquoted before they are looked at; a cell is
/// missing when it is empty or one of <see cref="MissingMarkers"/>; the type rule is <see cref="TypeInference"/>.
/// </summary>
public static class DatasetProfiler
{
    /// <summary>The cell values (after trimming) that mean "no value", exactly as written (case matters): empty, <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>NULL</c>.</summary>
    public static IReadOnlyList<string> MissingMarkers { get; } = ["", "NA", "N/A", "null", "NULL"];

    /// <summary>Up to this many distinct rows, duplicates are counted exactly (a set of row hashes, at most a few MB); past it, estimated.</summary>
    public const int ExactDuplicateRows = 1 << 18;

    /// <summary>Profiles the file at <paramref name="path"/> on every core.</summary>
    public static DatasetProfile Profile(string path, ProfileOptions? options = null, CancellationToken cancellationToken = default)
        => Profile(path, options, EveryCore, cancellationToken);

    /// <summary>Profiles the file at <paramref name="path"/> with at most <paramref name="threads"/> threads (0: one per core).</summary>
    public static DatasetProfile Profile(string path, ProfileOptions? options, int threads, CancellationToken cancellationToken = default)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Profile(file, options, threads, cancellationToken);
    }

    /// <summary>
    /// Profiles <paramref name="csv"/> (UTF-8, comma-separated, header first), reading it once to its end, synchronously
    /// (from a network stream, run it off the request thread), and profiling blocks of rows on every core while the
    /// calling thread reads and hashes. The result is the same on any number of cores. The stream is not closed.
    /// Cancellation is checked between blocks and every 65,536 rows.
    /// </summary>
    public static DatasetProfile Profile(Stream csv, ProfileOptions? options = null, CancellationToken cancellationToken = default)
        => Profile(csv, options, EveryCore, cancellationToken);

    /// <summary>
    /// Profiles <paramref name="csv"/> as <see cref="Profile(Stream, ProfileOptions?, CancellationToken)"/> does, with at
    /// most <paramref name="threads"/> threads profiling blocks of rows (1: the sequential path, on the calling thread;
    /// 0: one per core). The profile does not depend on the number.
    /// </summary>
    public static DatasetProfile Profile(Stream csv, ProfileOptions? options, int threads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        options ??= ProfileOptions.Default;
        options.Validate();
        return BlockProfiler.Profile(csv, options, threads == EveryCore ? Environment.ProcessorCount : threads, BlockProfiler.DefaultBlockBytes, cancellationToken);
    }

    /// <summary>The thread count that means one thread per core.</summary>
    public const int EveryCore = 0;

    /// <summary>
    /// The profile of A's rows followed by B's data rows (B's header dropped; both headers must be equal and both profiles
    /// made with the same options). Exact: row, cell, missing, bad and type counts, line samples (B's lines move down by
    /// A's lines less B's header line, which assumes a one-line header and that A ends with a line break), min, max and
    /// their lines, quantile sketch buckets, HyperLogLog registers, and categories while the union stays within the
    /// category limit. To rounding: mean and standard deviation (Chan's parallel formula). Not mergeable: the SHA-256
    /// (left empty) and the byte count (the sum of both files). Past the category limit, top categories are approximate.
    /// </summary>
    public static DatasetProfile Merge(DatasetProfile a, DatasetProfile b) => ProfileMerge.Merge(a, b);

    internal static long DuplicateRows(long rows, DistinctSketch rowSketch) => Math.Max(0, rows - rowSketch.Estimate());
}
