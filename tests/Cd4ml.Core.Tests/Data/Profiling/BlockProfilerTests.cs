using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Tests.Data.Profiling;

public sealed class BlockProfilerTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(65_536)]
    public void Profiles_on_several_threads_equal_the_sequential_profile_byte_for_byte(int blockBytes)
    {
        var bytes = MessyCsv(rows: 5_000, seed: 1);

        var sequential = ProfileJson.Serialize(Profile(bytes, threads: 1, blockBytes));
        for (var threads = 2; threads <= 4; threads++)
        {
            Assert.Equal(sequential, ProfileJson.Serialize(Profile(bytes, threads, blockBytes)));
        }
    }

    [Fact]
    public void Blocks_of_rows_give_the_profile_of_one_pass_over_the_file()
    {
        var bytes = MessyCsv(rows: 5_000, seed: 2);

        // One block holds the whole file: the single pass. 300-byte blocks cut inside quoted fields (checked below).
        var whole = Profile(bytes, threads: 1, CsvBlockSplitter.MaxBlockBytes);
        var blocks = Profile(bytes, threads: 2, blockBytes: 300);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), blocks.Sha256);
        Assert.Equal(whole.Sha256, blocks.Sha256);
        Assert.Equal(whole.Bytes, blocks.Bytes);
        Assert.Equal(whole.Rows, blocks.Rows);
        Assert.Equal(whole.Lines, blocks.Lines);
        Assert.Equal(Json(whole.RaggedRows), Json(blocks.RaggedRows));
        Assert.Equal(Json(whole.NulRows), Json(blocks.NulRows));
        Assert.Equal(Json(whole.InvalidUtf8Rows), Json(blocks.InvalidUtf8Rows));
        Assert.Equal(whole.UnterminatedQuoteLine, blocks.UnterminatedQuoteLine);
        Assert.Equal(whole.DuplicateRowsEstimate, blocks.DuplicateRowsEstimate);
        Assert.Equal(whole.DuplicateRowsExact, blocks.DuplicateRowsExact);
        Assert.Equal(whole.RowSketch, blocks.RowSketch);
        Assert.Equal(whole.Columns.Count, blocks.Columns.Count);
        foreach (var (a, b) in whole.Columns.Zip(blocks.Columns))
        {
            Assert.Equal(a.Type, b.Type);
            Assert.Equal(a.Count, b.Count);
            Assert.Equal(a.Missing, b.Missing);
            Assert.Equal(Json(a.BadValues), Json(b.BadValues));
            Assert.Equal(Json(a.BadValueExamples), Json(b.BadValueExamples));
            Assert.Equal(a.DistinctEstimate, b.DistinctEstimate);
            Assert.Equal(a.DistinctSketch, b.DistinctSketch);
            Assert.Equal(Json(a.TopCategories), Json(b.TopCategories));
            Assert.Equal(a.Categories?.OrderBy(c => c.Key, StringComparer.Ordinal), b.Categories?.OrderBy(c => c.Key, StringComparer.Ordinal));
            Assert.Equal(Json(a.Evidence), Json(b.Evidence));
            Assert.Equal(a.Numeric is null, b.Numeric is null);
            if (a.Numeric is { } x && b.Numeric is { } y)
            {
                Assert.Equal(x.Count, y.Count);
                Assert.Equal(x.Min, y.Min);
                Assert.Equal(x.Max, y.Max);
                Assert.Equal(x.MinLine, y.MinLine);
                Assert.Equal(x.MaxLine, y.MaxLine);
                Assert.Equal(x.Sketch, y.Sketch);
                // Merged by Chan's formula block by block: equal to rounding.
                Assert.Equal(x.Mean, y.Mean, 1e-9 * Math.Max(1, Math.Abs(x.Mean)));
                Assert.Equal(x.StdDev, y.StdDev, 1e-9 * Math.Max(1, x.StdDev));
            }
        }

        // The file really does overflow a category table and hold every kind of problem, so the comparison means something.
        Assert.Contains(whole.Columns, c => c.Categories is null);
        Assert.Contains(whole.Columns, c => c.Categories is not null);
        Assert.True(whole.RaggedRows.Count > 0 && whole.NulRows.Count > 0 && whole.InvalidUtf8Rows.Count > 0);
        Assert.Contains(whole.Columns, c => c.BadValues.Count > 0);
    }

    [Fact]
    public void Blocks_end_only_at_line_feeds_outside_quotes_even_where_the_target_size_falls_inside_a_quoted_field()
    {
        var bytes = MessyCsv(rows: 3_000, seed: 3);
        var cutInsideQuotes = 0;
        using var splitter = new CsvBlockSplitter(new MemoryStream(bytes));
        var joined = new MemoryStream();
        var header = true;
        while (splitter.Next(header ? 0 : 257) is { } block)
        {
            var span = block.Buffer.AsSpan(0, block.Length);
            Assert.Equal(0, span.Count((byte)'"') % 2);
            Assert.True(span[^1] == (byte)'\n' || joined.Length + span.Length == bytes.Length);
            // Where a cut at the first line feed past the target would have gone: inside a quoted field?
            if (!header && span.Length > 257)
            {
                var naive = span[257..].IndexOf((byte)'\n') + 257;
                cutInsideQuotes += span[..naive].Count((byte)'"') % 2;
            }

            joined.Write(span);
            header = false;
        }

        Assert.True(splitter.AtEnd);
        Assert.Equal(bytes, joined.ToArray());
        Assert.True(cutInsideQuotes > 10, $"only {cutInsideQuotes} targets fell inside a quoted field");
    }

    [Fact]
    public void A_block_that_refused_values_the_whole_table_took_meanwhile_is_counted_again()
    {
        // The whole file's table (limit 3) took a, b, c from earlier rows; a block started before it did (empty seed)
        // and filled up with x, y, z, so it refused b: its counts cannot be merged.
        var whole = Counter(null, "a", "b", "c");
        var stale = Counter(null, "x", "y", "z", "a", "b", "a");
        Assert.True(stale.LimitReached);
        Assert.False(whole.CanAbsorb(stale));

        // Counted again from the whole table's values, it merges to exactly what one table over all the rows holds.
        var fresh = Counter(whole.Seed(), "x", "y", "z", "a", "b", "a");
        Assert.True(whole.CanAbsorb(fresh));
        whole.Absorb(fresh);
        var one = Counter(null, "a", "b", "c", "x", "y", "z", "a", "b", "a");
        Assert.Equal(one.Entries().OrderBy(e => e.Key), whole.Entries().OrderBy(e => e.Key));
        Assert.Equal(one.Overflowed, whole.Overflowed);
    }

    [Fact]
    public void A_block_merges_its_new_values_in_the_order_one_pass_would_have_taken_them()
    {
        var whole = Counter(null, "a");
        var block = Counter(whole.Seed(), "z", "a", "b", "c");

        // "b" arrived from an earlier block after this block started; the table then has room for one more value:
        // the one that came first in the block (z), whatever order the block's hash table keeps them in.
        whole.Absorb(Counter(whole.Seed(), "b"));
        Assert.True(whole.CanAbsorb(block));
        whole.Absorb(block);
        var one = Counter(null, "a", "b", "z", "a", "b", "c");

        Assert.Equal(one.Entries().OrderBy(e => e.Key), whole.Entries().OrderBy(e => e.Key));
        Assert.Equal(["a", "b", "z"], whole.Entries().Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.True(whole.Overflowed);
    }

    [Theory]
    [InlineData("header")] // the first line is over the header cap: refused before a row is parsed
    [InlineData("columns")] // the header names more columns than the cap: refused before any block
    [InlineData("header-only")] // the header is the whole file, without a final line break
    public void A_refused_file_gets_the_same_refusal_on_any_number_of_threads_and_is_hashed_and_counted_to_its_end(string shape)
    {
        var rows = "\n" + string.Concat(Enumerable.Repeat("1,2,3,4,5\n", 2_000)) + "6,7";
        var text = shape switch
        {
            "header" => string.Join(',', Enumerable.Range(0, 100).Select(i => $"column_{i}")) + rows,
            "columns" => "a,b,c,d,e" + rows,
            _ => "a,b,c,d,e",
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        var options = ProfileOptions.Default with { MaxHeaderBytes = 200, MaxColumns = 4 };

        var sequential = Profile(bytes, threads: 1, blockBytes: 64, options);

        Assert.NotNull(sequential.Refusal);
        Assert.Equal(shape == "header" ? nameof(ProfileOptions.MaxHeaderBytes) : nameof(ProfileOptions.MaxColumns), sequential.Refusal.Limit);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sequential.Sha256);
        Assert.Equal(bytes.Length, sequential.Bytes);
        Assert.Equal(bytes.Count(b => b == (byte)'\n') + 1, sequential.Lines);
        Assert.Equal(0, sequential.Rows);
        for (var threads = 2; threads <= 3; threads++)
        {
            Assert.Equal(ProfileJson.Serialize(sequential), ProfileJson.Serialize(Profile(bytes, threads, blockBytes: 64, options)));
        }
    }

    [Fact]
    public void The_row_hash_set_counts_distinct_hashes_through_growth_union_and_clearing()
    {
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 20_000).Select(_ => (ulong)random.NextInt64() & 0xFFFF_FFFF_0000_FFFFUL).Append(0UL).ToArray();
        var set = new RowHashSet(expected: 1_000); // grows past what it expected
        var added = hashes.Count(set.Add);

        Assert.Equal(hashes.Distinct().Count(), added);
        Assert.Equal(added, set.Count);
        Assert.False(set.Add(0));
        Assert.False(set.Add(hashes[123]));

        var other = new RowHashSet(expected: 10);
        other.Add(hashes[5]);
        other.Add(42);
        set.UnionWith(other);
        Assert.Equal(added + (hashes.Contains(42UL) ? 0 : 1), set.Count);

        set.Clear();
        Assert.Equal(0, set.Count);
        Assert.True(set.Add(0));
        Assert.True(set.Add(hashes[123]));
    }

    [Fact]
    public void A_file_without_a_line_feed_outside_quotes_is_profiled_as_one_stream()
    {
        // The quote opened on line 2 never closes: no block can end, so the rest is read as one stream, as before.
        var text = "a,b\n1,\"open\n" + string.Concat(Enumerable.Repeat("2,3\n", 50));
        var bytes = Encoding.UTF8.GetBytes(text);

        var profile = Profile(bytes, threads: 2, blockBytes: 16);

        Assert.Equal(2, profile.UnterminatedQuoteLine);
        Assert.Equal(1, profile.Rows);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), profile.Sha256);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static DatasetProfile Profile(byte[] bytes, int threads, int blockBytes, ProfileOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return BlockProfiler.Profile(stream, options ?? ProfileOptions.Default, threads, blockBytes, CancellationToken.None);
    }

    private static CategoryCounter Counter(CategorySeed? seed, params string[] values)
    {
        var counter = new CategoryCounter(limit: 3, maxLength: 100, seed);
        foreach (var value in values)
        {
            counter.AddText(value, Hash(value));
        }

        return counter;
    }

    private static ulong Hash(string value) => (ulong)value.GetHashCode(StringComparison.Ordinal) * 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// A CSV with every kind of cell the profiler tells apart: quoted fields holding commas, doubled quotes and line
    /// breaks (CRLF too), numbers (some non-finite or too large), booleans, dates, missing markers, a high-cardinality
    /// column that overflows the category table, ragged rows, NUL characters and invalid UTF-8.
    /// </summary>
    private static byte[] MessyCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var output = new MemoryStream();
        void Write(string text) => output.Write(Encoding.UTF8.GetBytes(text));
        Write("id,amount,flag,when,city,note\n");
        string[] cities = ["Lyon", "Oslo", "\"Rio, RJ\"", "\"Quote \"\"Q\"\"\"", "NA", ""];
        for (var i = 0; i < rows; i++)
        {
            var kind = random.Next(100);
            if (kind == 0)
            {
                Write("ragged,row\n");
                continue;
            }

            var amount = random.Next(20) switch
            {
                0 => "NaN",
                1 => "1e39",
                2 => "abc",
                3 => "",
                _ => (random.NextDouble() * 1000 - 200).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            };
            var flag = random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" };
            var when = $"2024-{random.Next(1, 13):00}-{random.Next(1, 29):00}";
            var city = cities[random.Next(cities.Length)];
            var note = random.Next(6) switch
            {
                0 => $"\"line one\nline two {i}\"",
                1 => $"\"a, \"\"b\"\"\r\nand c\"",
                2 => $"plain {random.Next(5000)}",
                3 => "x\0y",
                _ => $"n{random.Next(50)}",
            };
            Write($"{i},{amount},{flag},{when},{city},{note}");
            if (kind == 1)
            {
                output.Write([0xC3, 0x28]); // invalid UTF-8
            }

            Write(kind == 2 ? "\r\n" : "\n");
        }

        return output.ToArray();
    }
}
