using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>The profiler on bad data (RELIABILITY 21-23): every problem is counted with its line, nothing becomes NaN or 0.</summary>
public sealed class DatasetProfilerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Empty_file_has_no_header_no_columns_and_no_rows()
    {
        var profile = Csv.Profile("");

        Assert.Empty(profile.Header);
        Assert.Empty(profile.Columns);
        Assert.Equal(0, profile.Rows);
        Assert.Equal(0, profile.Lines);
        Assert.Equal(0, profile.Bytes);
        Assert.False(profile.HeaderLooksLikeData);
    }

    [Fact]
    public void Header_only_file_has_its_columns_all_empty_and_no_rows()
    {
        var profile = Csv.Profile("age,city\n");

        Assert.Equal(["age", "city"], profile.Header);
        Assert.Equal(0, profile.Rows);
        Assert.All(profile.Columns, c => Assert.Equal((InferredType.Empty, 0L, 0L), (c.Type, c.Count, c.Missing)));
    }

    [Fact]
    public void Duplicate_and_blank_header_names_are_kept_as_written_and_told_apart_by_index()
    {
        var profile = Csv.Profile(" id ,id,,\"name\"\n1,2,3,x\n");

        Assert.Equal(["id", "id", "", "name"], profile.Header);
        Assert.Equal([0, 1, 2, 3], profile.Columns.Select(c => c.Index));
        Assert.Equal(2, profile.Columns[1].Numeric!.Min);
        Assert.Same(profile.Columns[0], profile.Column("id"));
    }

    [Fact]
    public void A_first_line_of_numbers_and_dates_is_flagged_as_probably_data_not_a_header()
    {
        var noHeader = Csv.Profile("1.5,2024-01-31,7\n2.5,2024-02-01,8\n");
        var header = Csv.Profile("price,date,7\n2.5,2024-02-01,8\n");

        Assert.True(noHeader.HeaderLooksLikeData);
        Assert.False(header.HeaderLooksLikeData);
    }

    [Fact]
    public void Ragged_rows_are_counted_with_their_editor_line_numbers_and_their_cells_are_not_profiled()
    {
        var profile = Csv.Profile("a,b\n1,2\n3\n4,5\n\"multi\nline\",6,7\n8,9\n");

        Assert.Equal(5, profile.Rows);
        Assert.Equal(2, profile.RaggedRows.Count);
        Assert.Equal([3L, 5L], profile.RaggedRows.Lines);
        Assert.Equal(3, profile.Columns[0].Count);
        Assert.Equal(7, profile.Lines);
    }

    [Fact]
    public void Only_the_first_ten_problem_lines_are_kept_but_all_are_counted()
    {
        var text = "a,b\n" + string.Concat(Enumerable.Range(0, 25).Select(_ => "1\n"));

        var profile = Csv.Profile(text);

        Assert.Equal(25, profile.RaggedRows.Count);
        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), profile.RaggedRows.Lines);
    }

    [Fact]
    public void An_unterminated_quote_is_a_ragged_row_at_the_line_where_it_opens_and_the_file_is_still_hashed_whole()
    {
        var text = "a,b\n1,2\n3,\"never closed\n4,5\n6,7\n";

        var profile = Csv.Profile(text);

        Assert.Equal(3, profile.UnterminatedQuoteLine);
        Assert.Equal([3L], profile.RaggedRows.Lines);
        Assert.Equal(2, profile.Rows);
        Assert.Equal(1, profile.Columns[0].Count);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), profile.Sha256);
    }

    [Fact]
    public void An_unterminated_quote_before_more_than_the_parser_can_hold_counts_every_line_after_it_as_ragged()
    {
        // 17 M characters after the open quote: more than the parser keeps in one row.
        var rows = new StringBuilder("a,b\n1,2\n3,\"open\n");
        while (rows.Length < 17_500_000)
        {
            rows.Append("4,5\n");
        }

        var bytes = Encoding.UTF8.GetBytes(rows.ToString());
        var lines = bytes.Count(b => b == (byte)'\n');

        var profile = Csv.Profile(bytes);

        Assert.Equal(3, profile.UnparsedFromLine);
        Assert.Equal(lines, profile.Lines);
        Assert.Equal(lines - 1, profile.Rows);
        Assert.Equal(lines - 2, profile.RaggedRows.Count);
        Assert.Equal(3, profile.RaggedRows.Lines[0]);
        Assert.Equal(bytes.Length, profile.Bytes);
    }

    [Fact]
    public void A_10_MB_line_is_profiled_with_memory_bounded_by_the_line()
    {
        var line = new string('x', 10_000_000);
        var bytes = Csv.Bytes($"id,text\n1,{line}\n2,short\n");
        // Warm up so the measurement holds the profile alone.
        Csv.Profile("id,text\n1,a\n");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var profile = Csv.Profile(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, profile.Rows);
        Assert.Equal(2, profile.Columns[1].Count);
        Assert.Equal(InferredType.Text, profile.Columns[1].Type);
        Assert.Null(profile.Columns[1].Categories);
        Assert.Equal(LineSample.None, profile.RaggedRows);
        // The parser's buffer grows to hold the line (characters are 2 bytes); nothing holds the whole file or copies the cell.
        Assert.True(allocated < 8L * line.Length, $"allocated {allocated:N0} bytes for a {line.Length:N0}-character line");
    }

    [Fact]
    public void Memory_grows_with_columns_not_rows()
    {
        static long Allocated(int rows)
        {
            var text = new StringBuilder("a,b,c\n");
            for (var i = 0; i < rows; i++)
            {
                text.Append(i % 97).Append(",x").Append(i % 13).Append(',').Append(i * 0.5).Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            using var stream = new MemoryStream(bytes, writable: false);
            // One thread, so every allocation is on this one; blocks of rows reuse one pass's memory.
            var before = GC.GetAllocatedBytesForCurrentThread();
            BlockProfiler.Profile(stream, ProfileOptions.Default, threads: 1, BlockProfiler.DefaultBlockBytes, CancellationToken.None);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Both past the exact duplicate count, whose set of row hashes is capped.
        Allocated(1_000);
        var small = Allocated(DatasetProfiler.ExactDuplicateRows + 10_000);
        var large = Allocated(3 * DatasetProfiler.ExactDuplicateRows);

        Assert.True(large - small < 512 * 1024, $"{DatasetProfiler.ExactDuplicateRows + 10_000:N0} rows allocated {small:N0} bytes, {3 * DatasetProfiler.ExactDuplicateRows:N0} rows {large:N0}");
    }

    [Fact]
    public void Rows_with_NUL_bytes_are_counted_with_their_lines()
    {
        var profile = Csv.Profile("a,b\n1,2\n3,x\0y\n5,6\n\0,7\n");

        Assert.Equal(2, profile.NulRows.Count);
        Assert.Equal([3L, 5L], profile.NulRows.Lines);
        Assert.Equal(LineSample.None, profile.InvalidUtf8Rows);
    }

    [Fact]
    public void Rows_with_invalid_UTF8_are_counted_with_their_lines_without_failing_the_read()
    {
        var bytes = Csv.Bytes("a,b\n1,x\n").Concat(new byte[] { (byte)'2', (byte)',', 0xC3, 0x28, (byte)'\n' })
            .Concat(Csv.Bytes("3,ok\n4,")).Concat(new byte[] { 0xFF, 0xFE, (byte)'\n' }).ToArray();

        var profile = Csv.Profile(bytes);

        Assert.Equal(4, profile.Rows);
        Assert.Equal(2, profile.InvalidUtf8Rows.Count);
        Assert.Equal([3L, 5L], profile.InvalidUtf8Rows.Lines);
        Assert.Equal(4, profile.Columns[0].Numeric!.Count);
    }

    [Fact]
    public void A_byte_order_mark_is_flagged_kept_out_of_the_first_name_and_still_hashed()
    {
        var bytes = Csv.Bytes("id,value\n1,2\n", bom: true);

        var profile = Csv.Profile(bytes);

        Assert.True(profile.HadByteOrderMark);
        Assert.Equal("id", profile.Header[0]);
        Assert.Equal(bytes.Length, profile.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), profile.Sha256);
        Assert.False(Csv.Profile("id\n1\n").HadByteOrderMark);
    }

    [Fact]
    public void The_SHA_256_is_of_exactly_the_bytes_read()
    {
        var bytes = Encoding.UTF8.GetBytes("x,y\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"{i},{i % 7}\n")));

        var profile = Csv.Profile(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), profile.Sha256);
        Assert.Equal(bytes.Length, profile.Bytes);
        Assert.Equal(50_000, profile.Rows);
    }

    [Fact]
    public void Text_in_a_numeric_column_is_a_bad_value_with_its_line_and_is_not_in_the_statistics()
    {
        var rows = string.Concat(Enumerable.Range(1, 40).Select(i => i == 17 ? "abc\n" : $"{i}\n"));

        var column = Csv.Profile("x\n" + rows).Columns[0];

        Assert.Equal(InferredType.Numeric, column.Type);
        Assert.Equal(1, column.BadValues.Count);
        Assert.Equal([18L], column.BadValues.Lines);
        Assert.Equal(["abc"], column.BadValueExamples);
        Assert.Equal(39, column.Numeric!.Count);
        Assert.Equal(40, column.Numeric.Max);
        Assert.Equal(41, column.Numeric.MaxLine);
    }

    [Fact]
    public void Empty_numeric_cells_and_missing_markers_are_missing_not_zero()
    {
        var column = Csv.Profile("x,y\n5,a\n,a\nNA,a\n7,a\nN/A,a\nnull,a\nNULL,a\n  ,a\n").Columns[0];

        Assert.Equal(InferredType.Numeric, column.Type);
        Assert.Equal(2, column.Count);
        Assert.Equal(6, column.Missing);
        Assert.Equal(0, column.BadValues.Count);
        Assert.Equal(5, column.Numeric!.Min);
        Assert.Equal(6, column.Numeric.Mean);
        Assert.Equal(["", "NA", "N/A", "null", "NULL"], DatasetProfiler.MissingMarkers);
    }

    [Fact]
    public void NaN_Infinity_and_numbers_beyond_single_precision_are_bad_values_not_statistics()
    {
        var rows = string.Join("\n", Enumerable.Range(1, 60).Select(i => i switch
        {
            10 => "NaN",
            20 => "-Infinity",
            30 => "1e39",
            40 => "infinity",
            _ => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        var column = Csv.Profile("x\n" + rows + "\n").Columns[0];

        Assert.Equal(InferredType.Numeric, column.Type);
        Assert.Equal(4, column.BadValues.Count);
        Assert.Equal([11L, 21L, 31L, 41L], column.BadValues.Lines);
        Assert.Equal(["NaN", "-Infinity", "1e39", "infinity"], column.BadValueExamples);
        Assert.Equal(56, column.Numeric!.Count);
        Assert.True(double.IsFinite(column.Numeric.Mean) && double.IsFinite(column.Numeric.StdDev));
        Assert.Equal(60, column.Numeric.Max);
        Assert.Equal(4, column.Evidence.NonFinite);
    }

    [Fact]
    public void Statistics_are_exact_for_small_columns()
    {
        var numbers = new[] { 2.5, -1, 4, 4, 10.25, 0 };

        var column = Csv.Profile("v\n" + string.Join("\n", numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n").Columns[0];

        var mean = numbers.Average();
        var std = Math.Sqrt(numbers.Sum(n => (n - mean) * (n - mean)) / (numbers.Length - 1));
        Assert.Equal((-1.0, 10.25), (column.Numeric!.Min, column.Numeric.Max));
        Assert.Equal((3L, 6L), (column.Numeric.MinLine, column.Numeric.MaxLine));
        Assert.Equal(mean, column.Numeric.Mean, 12);
        Assert.Equal(std, column.Numeric.StdDev, 12);
        Assert.Equal(5, column.DistinctEstimate);
        Assert.Equal(new CategoryCount("4", 2), column.TopCategories[0]);
    }

    [Fact]
    public void Categories_count_exactly_and_numbers_are_counted_by_value()
    {
        var column = Csv.Profile("c\na\nb\na\n\"a\"\n1\n1.0\n 1e0 \n").Columns[0];

        Assert.Equal(3, column.Categories!["a"]);
        Assert.Equal(1, column.Categories["b"]);
        Assert.Equal(3, column.Categories["1"]);
        Assert.Equal([new CategoryCount("1", 3), new CategoryCount("a", 3), new CategoryCount("b", 1)], column.TopCategories);
    }

    [Fact]
    public void Counts_stay_exact_when_values_repeat_collide_and_the_category_table_grows()
    {
        var random = new Random(42);
        var cells = Enumerable.Range(0, 20_000).Select(_ => random.Next(6) switch
        {
            0 => $"w{random.Next(500)}",
            1 => random.Next(300).ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => "oops",
            3 => "",
            _ => $"{random.Next(50)}.5",
        }).ToArray();

        var column = Csv.Profile("c\n" + string.Concat(cells.Select(c => c + "\n"))).Columns[0];

        var present = cells.Where(c => c.Length > 0).ToArray();
        var expected = present.GroupBy(c => c).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), column.Categories!.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(cells.Length - present.Length, column.Missing);
        var numbers = present.Where(c => double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _)).Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(numbers.Length, column.Numeric!.Count);
        Assert.Equal(numbers.Average(), column.Numeric.Mean, 9);
        var notNumbers = cells.Select((c, i) => (c, Line: i + 2L)).Where(x => x.c.Length > 0 && !double.TryParse(x.c, System.Globalization.CultureInfo.InvariantCulture, out _)).ToArray();
        Assert.Equal(notNumbers.Length, column.Evidence.NotNumeric.Lines.Count);
        Assert.Equal(notNumbers.Take(10).Select(x => x.Line), column.Evidence.NotNumeric.Lines.Lines);
        Assert.Equal(numbers.Length, column.Numeric.Sketch.Count);
    }

    [Fact]
    public void Past_the_category_limit_categories_are_dropped_but_known_values_keep_counting()
    {
        var rows = string.Concat(Enumerable.Range(0, 30).Select(i => $"v{i}\nfrequent\n"));

        var column = Csv.Profile("c\n" + rows, options: new ProfileOptions { CategoryLimit = 10 }).Columns[0];

        Assert.Null(column.Categories);
        Assert.Equal(new CategoryCount("frequent", 30), column.TopCategories[0]);
        Assert.InRange(column.DistinctEstimate, 30, 32);
    }

    [Fact]
    public void Duplicate_rows_are_counted_exactly_in_one_pass_and_estimated_in_a_merge()
    {
        var unique = string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i},x\n"));
        var repeated = unique + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i},x\n"));

        Assert.Equal(0, Csv.Profile("a,b\n" + unique).DuplicateRowsEstimate);
        Assert.Equal(300, Csv.Profile("a,b\n" + repeated).DuplicateRowsEstimate);
        Assert.True(Csv.Profile("a,b\n" + repeated).DuplicateRowsExact);
        Assert.Equal(0, Csv.Profile("a\n").DuplicateRowsEstimate);
        var merged = DatasetProfiler.Merge(Csv.Profile("a,b\n" + unique), Csv.Profile("a,b\n" + unique));
        Assert.False(merged.DuplicateRowsExact);
        Assert.InRange(merged.DuplicateRowsEstimate, 980, 1020);
    }

    [Fact]
    public void A_quoted_cell_is_unquoted_before_it_is_read()
    {
        var profile = Csv.Profile("n,t\n\"1.5\",\"say \"\"hi\"\"\"\n\"2\",plain\n");

        Assert.Equal(InferredType.Numeric, profile.Columns[0].Type);
        Assert.Equal(1.5, profile.Columns[0].Numeric!.Min);
        Assert.Equal(1, profile.Columns[1].Categories!["say \"hi\""]);
    }

    [Fact]
    public void A_cancelled_profile_stops_with_OperationCanceledException()
    {
        var bytes = Encoding.UTF8.GetBytes("a\n" + string.Concat(Enumerable.Range(0, 70_000).Select(i => $"{i}\n")));
        using var stream = new MemoryStream(bytes);

        Assert.Throws<OperationCanceledException>(() => DatasetProfiler.Profile(stream, cancellationToken: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void The_file_path_overload_reads_the_file()
    {
        var profile = DatasetProfiler.Profile(_folder.Write("a\n1\n2\n"));

        Assert.Equal(2, profile.Rows);
        Assert.Equal(InferredType.Numeric, profile.Columns[0].Type);
    }

    [Fact]
    public void The_credit_sample_profiles_as_its_data_says()
    {
        var credit = DatasetProfiler.Profile(RepoRoot.Combine("samples", "credit-risk", "credit-batch-2.csv"));

        Assert.Equal(4454, credit.Rows);
        Assert.Equal(InferredType.Categorical, credit.Column("Status")!.Type);
        Assert.Equal(new Dictionary<string, long> { ["good"] = 3200, ["bad"] = 1254 }, credit.Column("Status")!.Categories);
        Assert.Equal(InferredType.Boolean, credit.Column("Records")!.Type);
        Assert.Equal((InferredType.Numeric, 381L), (credit.Column("Income")!.Type, credit.Column("Income")!.Missing));
        Assert.Equal((100.0, 5000.0), (credit.Column("Amount")!.Numeric!.Min, credit.Column("Amount")!.Numeric!.Max));
        Assert.Equal(LineSample.None, credit.RaggedRows);
    }
}
