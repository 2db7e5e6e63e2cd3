using System.Globalization;
using System.Text;
using Cd4ml.Core.Data.Profiling;
using CsCheck;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>Merge(profile(A), profile(B)) is profile(A followed by B's rows) for every mergeable field.</summary>
public sealed class ProfileMergeTests
{
    private const string Header = "num,cat,mixed,flag,when";

    private static readonly Gen<string> s_number = Gen.OneOf<string>(
        Gen.Int[-1000, 1000].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double[-1e6, 1e6].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf("", "NA", "NaN", "1e39", "-0", "0.0", "x", " 7 "));

    private static readonly Gen<string> s_row = Gen.Select(
        s_number,
        Gen.OneOf("red", "green", "blue", "", "\"quoted, comma\""),
        Gen.OneOf<string>(s_number, Gen.OneOf("a", "b", "true", "2024-02-30")),
        Gen.OneOf("true", "false", "yes", "maybe", ""),
        Gen.Int[1, 28].Select(d => $"2024-01-{d:00}"),
        (n, c, m, f, w) => $"{n},{c},{m},{f},{w}");

    private static readonly Gen<string> s_line = Gen.Frequency<string>((30, s_row), (1, Gen.OneOf("1,2", "only", "\0,x,y,z,w", "1,2,3,4,5,6")));

    private static readonly Gen<(string[] A, string[] B)> s_files = Gen.Select(s_line.Array[0, 60], s_line.Array[0, 60]);

    private static string File(IEnumerable<string> lines) => Header + "\n" + string.Concat(lines.Select(l => l + "\n"));

    [Fact]
    public void Merging_the_profiles_of_two_files_equals_profiling_one_after_the_other()
    {
        s_files.Sample((a, b) =>
        {
            var whole = Csv.Profile(File(a.Concat(b)));
            var merged = DatasetProfiler.Merge(Csv.Profile(File(a)), Csv.Profile(File(b)));

            AssertEquivalent(whole, merged);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Merging_across_the_category_limit_drops_the_exact_categories_as_one_pass_does()
    {
        var options = new ProfileOptions { CategoryLimit = 5 };
        var a = string.Concat(Enumerable.Range(0, 4).Select(i => $"a{i}\n"));
        var b = string.Concat(Enumerable.Range(0, 4).Select(i => $"b{i}\n"));

        var whole = Csv.Profile("c\n" + a + b, options: options);
        var merged = DatasetProfiler.Merge(Csv.Profile("c\n" + a, options: options), Csv.Profile("c\n" + b, options: options));

        Assert.Null(whole.Columns[0].Categories);
        Assert.Null(merged.Columns[0].Categories);
        Assert.Equal(whole.Columns[0].DistinctSketch, merged.Columns[0].DistinctSketch);
    }

    [Fact]
    public void Profiles_of_different_headers_or_options_do_not_merge()
    {
        Assert.Throws<ArgumentException>(() => DatasetProfiler.Merge(Csv.Profile("a\n1\n"), Csv.Profile("b\n1\n")));
        Assert.Throws<ArgumentException>(() => DatasetProfiler.Merge(Csv.Profile("a\n1\n"), Csv.Profile("a\n1\n", options: new ProfileOptions { CategoryLimit = 3 })));
    }

    [Fact]
    public void A_merged_profile_has_no_SHA_256()
    {
        Assert.Equal("", DatasetProfiler.Merge(Csv.Profile("a\n1\n"), Csv.Profile("a\n2\n")).Sha256);
    }

    private static void AssertEquivalent(DatasetProfile whole, DatasetProfile merged)
    {
        Assert.Equal(whole.Header, merged.Header);
        Assert.Equal(whole.Rows, merged.Rows);
        Assert.Equal(whole.Lines, merged.Lines);
        AssertSample(whole.RaggedRows, merged.RaggedRows);
        AssertSample(whole.NulRows, merged.NulRows);
        AssertSample(whole.InvalidUtf8Rows, merged.InvalidUtf8Rows);
        Assert.Equal(whole.RowSketch, merged.RowSketch);
        Assert.Equal(DatasetProfiler.DuplicateRows(whole.Rows, whole.RowSketch!), merged.DuplicateRowsEstimate);
        foreach (var (w, m) in whole.Columns.Zip(merged.Columns))
        {
            var at = $"column {w.Name}";
            Assert.True(w.Type == m.Type, $"{at}: type {w.Type} vs {m.Type}");
            Assert.Equal((w.Count, w.Missing), (m.Count, m.Missing));
            AssertSample(w.BadValues, m.BadValues);
            Assert.Equal(w.BadValueExamples, m.BadValueExamples);
            Assert.Equal(w.DistinctSketch, m.DistinctSketch);
            Assert.Equal(w.DistinctEstimate, m.DistinctEstimate);
            Assert.Equal(w.Categories?.OrderBy(kv => kv.Key, StringComparer.Ordinal), m.Categories?.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(w.TopCategories, m.TopCategories);
            Assert.Equal(Evidence(w.Evidence), Evidence(m.Evidence));
            Assert.Equal(w.Numeric is null, m.Numeric is null);
            if (w.Numeric is { } wn && m.Numeric is { } mn)
            {
                Assert.Equal((wn.Count, wn.Min, wn.Max, wn.MinLine, wn.MaxLine), (mn.Count, mn.Min, mn.Max, mn.MinLine, mn.MaxLine));
                Assert.Equal(wn.Sketch, mn.Sketch);
                AssertClose(wn.Mean, mn.Mean, at + " mean");
                AssertClose(wn.StdDev, mn.StdDev, at + " std");
            }
        }
    }

    private static string Evidence(TypeEvidence e) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"{e.Numbers} {e.NonFinite} {e.Booleans} {e.Dates} {e.TotalLength} ")
        .AppendJoin(' ', new[] { e.NotNumeric, e.NotBoolean, e.NotDate }.Select(b => $"{b.Lines.Count}:{string.Join(',', b.Lines.Lines)}:{string.Join('|', b.Examples)}"))
        .ToString();

    private static void AssertSample(LineSample expected, LineSample actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Lines, actual.Lines);
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        var scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * scale, $"{what}: {expected} vs {actual}");
    }
}
