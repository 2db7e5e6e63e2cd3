using System.Globalization;
using Cd4ml.Core.Data.Profiling;
using CsCheck;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>The allocation-free cell readers agree with the framework's parsers.</summary>
public sealed class CellParserTests
{
    [Fact]
    public void Numbers_are_exactly_what_double_TryParse_reads_with_the_invariant_culture()
    {
        var chars = Gen.OneOf('0', '1', '5', '9', '.', '-', '+', 'e', 'E', 'n', 'a', 'N', 'I', 'i', 'f', 'x', ' ');
        var texts = Gen.OneOf<string>(
            chars.Array[0, 12].Select(c => new string(c)),
            Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
            Gen.OneOf("NaN", "-Infinity", "+infinity", "1e400", "1e-400", "0.1", "123456789012345678901234", "1.", ".5", "-.5e3", "00012.50"));

        texts.Sample(text =>
        {
            var cell = CellParser.Trim(text);
            var expected = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var framework);
            var actual = CellParser.TryParseNumber(cell, out var ours);
            Assert.True(expected == actual, $"'{text}': framework {expected}, ours {actual}");
            Assert.True(!expected || framework.Equals(ours), $"'{text}': framework {framework:R}, ours {ours:R}");
        }, iter: 20_000, threads: 1);
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2023-02-29", false)]
    [InlineData("1900-02-29", false)]
    [InlineData("2000-02-29", true)]
    [InlineData("2024-13-01", false)]
    [InlineData("2024-04-31", false)]
    [InlineData("2024-01-31T23:59", true)]
    [InlineData("2024-01-31T24:00", false)]
    [InlineData("2024-01-31 08:15:30.5Z", true)]
    [InlineData("2024-01-31T08:15:30+0530", true)]
    [InlineData("2024-01-31T08:15:30-05:00", true)]
    [InlineData("2024-01-31T08", false)]
    [InlineData("2024/01/31", false)]
    [InlineData("20240131", false)]
    public void ISO_dates_are_recognised_only_when_they_exist(string text, bool isDate)
    {
        Assert.Equal(isDate, CellParser.IsIsoDate(text));
    }

    [Fact]
    public void Cell_hashes_are_equal_exactly_for_equal_text_in_the_short_key()
    {
        var texts = Gen.String[0, 16];

        Gen.Select(texts, texts).Sample((a, b) =>
        {
            var ka = new ShortKey(a);
            var kb = new ShortKey(b);
            Assert.Equal(a == b, kb.Matches(ka.Hash, ka.A, ka.B, ka.C, ka.D, ka.Length));
            Assert.True(new ShortKey(a).Matches(ka.Hash, ka.A, ka.B, ka.C, ka.D, ka.Length));
            Assert.Equal(Hashes.OfText(a), ka.Hash);
        }, iter: 20_000, threads: 1);
    }
}
