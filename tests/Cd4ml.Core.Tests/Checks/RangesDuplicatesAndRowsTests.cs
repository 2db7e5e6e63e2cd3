using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>Declared ranges, duplicate rows and the number of rows.</summary>
public sealed class RangesDuplicatesAndRowsTests
{
    private const string AgeRange = """{ "columns": { "Age": { "type": "numeric", "min": 0, "max": 120 } } }""";

    [Fact]
    public void Values_within_the_declared_range_pass()
    {
        var result = Assert.Single(Run(RangesCheck.Name, Profile(100, Status(), Numeric("Age", 100, min: 18, max: 95)), Spec(AgeRange)));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("every value of 'Age' is within its declared range", result.Message);
    }

    [Fact]
    public void Value_below_the_minimum_fails_with_its_line()
    {
        var profile = Profile(100, Status(), Numeric("Age", 100, min: -3, max: 95, minLine: 42));

        var result = Assert.Single(Run(RangesCheck.Name, profile, Spec(AgeRange)));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("Age", result.Column);
        Assert.Equal("-3 to 95", result.Observed);
        Assert.Equal("0 ≤ Age ≤ 120", result.Threshold);
        Assert.Equal("'Age' has values outside its declared range: -3 at line 42 is below the minimum 0", result.Message);
    }

    [Fact]
    public void Values_outside_both_ends_are_both_reported()
    {
        var profile = Profile(100, Status(), Numeric("Age", 100, min: -3, max: 200, minLine: 42, maxLine: 7));

        var result = Assert.Single(Run(RangesCheck.Name, profile, Spec(AgeRange)));

        Assert.Contains("-3 at line 42 is below the minimum 0; 200 at line 7 is above the maximum 120", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_violation_can_be_made_a_warning()
    {
        var spec = Spec("""{ "columns": { "Age": { "max": 120 } }, "checks": { "ranges": { "warn": 0 } } }""");

        var result = Assert.Single(Run(RangesCheck.Name, Profile(100, Status(), Numeric("Age", 100, max: 130)), spec));

        Assert.Equal(CheckStatus.Warn, result.Status);
    }

    [Fact]
    public void Declared_range_on_a_column_that_is_not_numeric_is_reported()
    {
        var spec = Spec("""{ "columns": { "Home": { "min": 0 } } }""");

        var result = Assert.Single(Run(RangesCheck.Name, Profile(100, Status(), Categorical("Home", ("rent", 100))), spec));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("not numbers", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Few_duplicate_rows_pass()
    {
        var result = Assert.Single(Run(DuplicatesCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)) with { DuplicateRowsEstimate = 20 }));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("~2% duplicate rows", result.Observed);
    }

    [Fact]
    public void Many_duplicate_rows_only_warn_by_default()
    {
        var result = Assert.Single(Run(DuplicatesCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)) with { DuplicateRowsEstimate = 300 }));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("≤ 5%", result.Threshold);
        Assert.Contains("about 300 rows of 1,000 repeat an earlier row exactly", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_can_be_made_to_fail()
    {
        var spec = Spec("""{ "checks": { "duplicates": { "fail": 0.1 } } }""");

        var result = Assert.Single(Run(DuplicatesCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)) with { DuplicateRowsEstimate = 300 }, spec));

        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public void Duplicates_check_turned_off_says_so()
    {
        var spec = Spec("""{ "checks": { "duplicates": { "enabled": false } } }""");

        var result = Assert.Single(Run(DuplicatesCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)) with { DuplicateRowsEstimate = 900 }, spec));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("off", result.Observed);
    }

    [Theory]
    [InlineData(49, CheckStatus.Fail)]
    [InlineData(50, CheckStatus.Warn)]
    [InlineData(199, CheckStatus.Warn)]
    [InlineData(200, CheckStatus.Pass)]
    public void Row_count_is_judged_against_the_defaults(long rows, CheckStatus expected)
    {
        Assert.Equal(expected, Assert.Single(Run(MinRowsCheck.Name, Profile(rows, Status(), Numeric("Age", rows)))).Status);
    }

    [Fact]
    public void Configured_minimum_rows_means_at_least_that_many()
    {
        var spec = Spec("""{ "checks": { "min-rows": { "fail": 1000 } } }""");

        var result = Assert.Single(Run(MinRowsCheck.Name, Profile(999, Status(), Numeric("Age", 999)), spec));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("≥ 1,000 rows", result.Threshold);
        Assert.Equal("the file has 999 data rows, fewer than the 1,000 needed to train and evaluate", result.Message);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(MinRowsCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)), spec)).Status);
    }
}
