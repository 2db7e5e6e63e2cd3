namespace Cd4ml.Core.Data.Profiling;

/// <summary>Implements <see cref="DatasetProfiler.Merge"/>.</summary>
internal static class ProfileMerge
{
    public static DatasetProfile Merge(DatasetProfile a, DatasetProfile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Header.SequenceEqual(b.Header, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Cannot merge profiles of different headers: [{string.Join(", ", a.Header)}] and [{string.Join(", ", b.Header)}].", nameof(b));
        }

        if (a.Options != b.Options)
        {
            throw new ArgumentException("Cannot merge profiles made with different profile options.", nameof(b));
        }

        // B's data starts on its line 2; after A it starts on A's last line + 1.
        var shift = Math.Max(0, a.Lines - 1);
        var rows = a.Rows + b.Rows;
        var rowSketch = a.RowSketch is null || b.RowSketch is null ? null : a.RowSketch.Merge(b.RowSketch);
        return new DatasetProfile
        {
            Sha256 = "",
            Bytes = a.Bytes + b.Bytes,
            HadByteOrderMark = a.HadByteOrderMark,
            Header = a.Header,
            HeaderLooksLikeData = a.HeaderLooksLikeData,
            Rows = rows,
            Lines = a.Lines + Math.Max(0, b.Lines - 1),
            Columns = [.. a.Columns.Zip(b.Columns, (x, y) => Merge(x, y, shift, a.Options))],
            RaggedRows = LineSampler.Concat(a.RaggedRows, b.RaggedRows, shift),
            UnterminatedQuoteLine = a.UnterminatedQuoteLine ?? b.UnterminatedQuoteLine + shift,
            UnparsedFromLine = a.UnparsedFromLine ?? b.UnparsedFromLine + shift,
            InvalidUtf8Rows = LineSampler.Concat(a.InvalidUtf8Rows, b.InvalidUtf8Rows, shift),
            NulRows = LineSampler.Concat(a.NulRows, b.NulRows, shift),
            DuplicateRowsEstimate = rowSketch is null ? a.DuplicateRowsEstimate + b.DuplicateRowsEstimate : DatasetProfiler.DuplicateRows(rows, rowSketch),
            RowSketch = rowSketch,
            Options = a.Options,
        };
    }

    private static ColumnProfile Merge(ColumnProfile a, ColumnProfile b, long shift, ProfileOptions options)
    {
        var evidence = new TypeEvidence
        {
            Numbers = a.Evidence.Numbers + b.Evidence.Numbers,
            NonFinite = a.Evidence.NonFinite + b.Evidence.NonFinite,
            Booleans = a.Evidence.Booleans + b.Evidence.Booleans,
            Dates = a.Evidence.Dates + b.Evidence.Dates,
            TotalLength = a.Evidence.TotalLength + b.Evidence.TotalLength,
            NotNumeric = LineSampler.Concat(a.Evidence.NotNumeric, b.Evidence.NotNumeric, shift),
            NotBoolean = LineSampler.Concat(a.Evidence.NotBoolean, b.Evidence.NotBoolean, shift),
            NotDate = LineSampler.Concat(a.Evidence.NotDate, b.Evidence.NotDate, shift),
        };
        var distinct = a.DistinctSketch is null || b.DistinctSketch is null
            ? DistinctSketch.Empty(options.ColumnDistinctPrecision)
            : a.DistinctSketch.Merge(b.DistinctSketch);
        var (exact, tracked) = MergeCategories(a, b, options);
        return ColumnProfiles.Build(
            a.Name, a.Index, a.Count + b.Count, a.Missing + b.Missing, evidence,
            Merge(a.Numeric, b.Numeric, shift), distinct, exact, tracked, options);
    }

    private static NumericSummary? Merge(NumericSummary? a, NumericSummary? b, long shift)
    {
        a = a is { Count: > 0 } ? a : null;
        b = b is { Count: > 0 } ? b : null;
        if (a is null || b is null)
        {
            return a ?? (b is null ? null : b with { MinLine = b.MinLine + shift, MaxLine = b.MaxLine + shift });
        }

        // Chan, Golub and LeVeque's pairwise update of the mean and the sum of squared deviations.
        var n = a.Count + b.Count;
        var delta = b.Mean - a.Mean;
        var m2 = Square(a.StdDev) * (a.Count - 1) + Square(b.StdDev) * (b.Count - 1) + (delta * delta * a.Count * b.Count / n);
        return new NumericSummary
        {
            Count = n,
            Min = Math.Min(a.Min, b.Min),
            Max = Math.Max(a.Max, b.Max),
            Mean = a.Mean + (delta * b.Count / n),
            StdDev = Math.Sqrt(m2 / (n - 1)),
            // The first occurrence wins a tie, as in one pass.
            MinLine = b.Min < a.Min ? b.MinLine + shift : a.MinLine,
            MaxLine = b.Max > a.Max ? b.MaxLine + shift : a.MaxLine,
            Sketch = a.Sketch.Merge(b.Sketch),
        };
    }

    private static double Square(double x) => x * x;

    /// <summary>
    /// Exact counts stay exact while the union of values fits the limit (one pass would have taken them all too);
    /// past it, or when either side had already overflowed, only the top lists are combined, which is approximate.
    /// </summary>
    private static (IEnumerable<KeyValuePair<string, long>>? Exact, IEnumerable<KeyValuePair<string, long>> Tracked) MergeCategories(
        ColumnProfile a, ColumnProfile b, ProfileOptions options)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(IEnumerable<KeyValuePair<string, long>> counts)
        {
            foreach (var (key, count) in counts)
            {
                sum[key] = sum.GetValueOrDefault(key) + count;
            }
        }

        if (a.Categories is not null && b.Categories is not null)
        {
            Add(a.Categories);
            Add(b.Categories);
            return sum.Count <= options.CategoryLimit ? (sum, sum) : (null, sum);
        }

        Add(a.Categories ?? a.TopCategories.Select(c => KeyValuePair.Create(c.Value, c.Count)));
        Add(b.Categories ?? b.TopCategories.Select(c => KeyValuePair.Create(c.Value, c.Count)));
        return (null, sum);
    }
}
