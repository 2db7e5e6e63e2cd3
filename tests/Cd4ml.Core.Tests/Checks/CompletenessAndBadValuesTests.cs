using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>
/// Missing cells and cells that do not fit their type are counted separately, never turned into 0 or NaN
/// (RELIABILITY 23: text in a numeric column is a bad value with its lines; an empty numeric cell is missing).
/// </summary>
public sealed class CompletenessAndBadValuesTests
{
    [Fact]
    public void Complete_columns_pass()
    {
        var result = Assert.Single(Run(CompletenessCheck.Name, Profile(100, Status(70, 30), Numeric("Age", 100))));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("no feature column has missing cells", result.Message);
    }

    [Fact]
    public void A_few_missing_cells_pass_and_the_worst_column_is_named()
    {
        var profile = Profile(100, Status(70, 30), Numeric("Age", 97) with { Missing = 3 });

        var result = Assert.Single(Run(CompletenessCheck.Name, profile));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("3% missing at most", result.Observed);
        Assert.Contains("'Age' (3%)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_over_the_warning_threshold_warns_naming_the_column()
    {
        var profile = Profile(1000, Status(), Numeric("Income", 875) with { Missing = 125 });

        var result = Assert.Single(Run(CompletenessCheck.Name, profile));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("Income", result.Column);
        Assert.Equal("12.5% missing", result.Observed);
        Assert.Equal("≤ 5%", result.Threshold);
        Assert.Equal("'Income' is missing in 125 of 1,000 rows (12.5%), more than the warning threshold of 5%", result.Message);
    }

    [Fact]
    public void Column_more_than_half_empty_fails()
    {
        var profile = Profile(1000, Status(), Numeric("Income", 400) with { Missing = 600 }, Numeric("Age", 1000));

        var result = Assert.Single(Run(CompletenessCheck.Name, profile));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("≤ 50%", result.Threshold);
    }

    [Fact]
    public void Per_column_threshold_replaces_the_checks_own_for_that_column()
    {
        var spec = Spec("""{ "checks": { "completeness": { "warn": 0.1, "fail": 0.3, "columns": { "Income": { "fail": 0.7 } } } } }""");
        var profile = Profile(1000, Status(), Numeric("Income", 400) with { Missing = 600 }, Numeric("Debt", 600) with { Missing = 400 });

        var results = Run(CompletenessCheck.Name, profile, spec);

        var debt = Assert.Single(results);
        Assert.Equal("Debt", debt.Column);
        Assert.Equal(CheckStatus.Fail, debt.Status);
        Assert.Equal("≤ 30%", debt.Threshold);
    }

    [Fact]
    public void Label_and_excluded_columns_are_not_judged_for_completeness()
    {
        var spec = Spec("""{ "exclude": ["Notes"] }""");
        var profile = Profile(1000, Status() with { Missing = 900 }, Categorical("Notes", ("x", 10)) with { Missing = 990 }, Numeric("Age", 1000));

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(CompletenessCheck.Name, profile, spec)).Status);
    }

    [Fact]
    public void R23_empty_numeric_cells_count_as_missing_not_as_bad_values()
    {
        var profile = Profile(1000, Status(), Numeric("Income", 900) with { Missing = 100 });

        Assert.Equal(CheckStatus.Warn, Assert.Single(Run(CompletenessCheck.Name, profile)).Status);
        var badValues = Assert.Single(Run(BadValuesCheck.Name, profile));
        Assert.Equal(CheckStatus.Pass, badValues.Status);
        Assert.Equal("0 bad values", badValues.Observed);
    }

    [Fact]
    public void R23_a_little_text_in_a_numeric_column_warns_with_lines_and_examples()
    {
        var income = Numeric("Income", 1000) with { BadValues = Lines(2, 14, 377), BadValueExamples = ["n/a?", "12,5"] };

        var result = Assert.Single(Run(BadValuesCheck.Name, Profile(1000, Status(), income)));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("Income", result.Column);
        Assert.Equal("2 bad values (0.2%)", result.Observed);
        Assert.Equal("≤ 0%", result.Threshold);
        Assert.Equal(
            "'Income' (numeric) has 2 values that are not a valid numeric value such as 'n/a?', '12,5' at lines 14, 377: more than the 0% warning threshold",
            result.Message);
    }

    [Fact]
    public void R23_bad_values_over_one_percent_fail()
    {
        var income = Numeric("Income", 1000) with { BadValues = Lines(20, 2, 3), BadValueExamples = ["NaN", "Infinity", "1e39"] };

        var result = Assert.Single(Run(BadValuesCheck.Name, Profile(1000, Status(), income)));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("'NaN', 'Infinity', '1e39'", result.Message, StringComparison.Ordinal);
        Assert.Contains("lines 2, 3, …", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_values_threshold_can_be_relaxed_per_column()
    {
        var spec = Spec("""{ "checks": { "bad-values": { "columns": { "Income": { "fail": 0.05 } } } } }""");
        var income = Numeric("Income", 1000) with { BadValues = Lines(20, 2) };

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(BadValuesCheck.Name, Profile(1000, Status(), income), spec)).Status);
    }
}
