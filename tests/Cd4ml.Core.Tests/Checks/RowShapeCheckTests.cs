using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Specs;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>Malformed rows are counted with their lines and judged on their share (RELIABILITY 22).</summary>
public sealed class RowShapeCheckTests
{
    [Fact]
    public void Well_formed_rows_pass()
    {
        var result = Assert.Single(Run(RowShapeCheck.Name, Profile(100, Status(), Numeric("Age", 100))));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("0 bad rows", result.Observed);
    }

    [Fact]
    public void R22_any_ragged_row_fails_by_default_with_its_lines()
    {
        var profile = Profile(1000, Status(), Numeric("Age", 1000)) with { RaggedRows = Lines(3, 17, 240, 999) };

        var result = Assert.Single(Run(RowShapeCheck.Name, profile));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("0.3% bad rows (3 of 1,000)", result.Observed);
        Assert.Equal("≤ 0%", result.Threshold);
        Assert.Contains("3 rows with a number of fields other than the header's 2 (lines 17, 240, 999)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R22_invalid_utf8_and_nul_rows_are_counted_each_with_lines()
    {
        var profile = Profile(1000, Status(), Numeric("Age", 1000)) with
        {
            InvalidUtf8Rows = Lines(12, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
            NulRows = Lines(1, 40),
        };

        var result = Assert.Single(Run(RowShapeCheck.Name, profile));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("1.3% bad rows (13 of 1,000)", result.Observed);
        Assert.Contains("12 rows with bytes that are not valid UTF-8 (lines 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, …)", result.Message, StringComparison.Ordinal);
        Assert.Contains("1 row with NUL bytes (line 40)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R22_bad_rows_under_a_configured_threshold_pass()
    {
        var spec = Spec("""{ "checks": { "row-shape": { "fail": 0.01 } } }""");
        var profile = Profile(1000, Status(), Numeric("Age", 1000)) with { RaggedRows = Lines(5, 2, 3, 4, 5, 6) };

        var result = Assert.Single(Run(RowShapeCheck.Name, profile, spec));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("≤ 1%", result.Threshold);
        Assert.Contains("lines 2, 3, 4, 5, 6", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R22_bad_rows_over_a_configured_threshold_fail()
    {
        var spec = Spec("""{ "checks": { "row-shape": { "fail": 0.01 } } }""");
        var profile = Profile(1000, Status(), Numeric("Age", 1000)) with { RaggedRows = Lines(11, 2) };

        var result = Assert.Single(Run(RowShapeCheck.Name, profile, spec));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("more than the 1% allowed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_shape_cannot_be_turned_off()
    {
        var spec = Spec() with { Checks = new Dictionary<string, CheckSettings> { [RowShapeCheck.Name] = new() { Enabled = false } } };
        var profile = Profile(10, Status(), Numeric("Age", 10)) with { RaggedRows = Lines(1, 2) };

        Assert.Equal(CheckStatus.Fail, Assert.Single(Run(RowShapeCheck.Name, profile, spec)).Status);
    }
}
