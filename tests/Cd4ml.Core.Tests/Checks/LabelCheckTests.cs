using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Specs;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>
/// Labels ML.NET would skip with only a warning stop the run before training, each counted with a reason
/// (RELIABILITY 24: NaN, ?, Infinity, 1e39, blank, a single class).
/// </summary>
public sealed class LabelCheckTests
{
    private const string NoPositiveClass = """{ "positiveClass": null }""";

    [Fact]
    public void Two_balanced_classes_pass_with_their_shares_and_the_positive_class()
    {
        var result = Assert.Single(Run(LabelCheck.Name, Profile(1000, Status(700, 300), Numeric("Age", 1000))));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("rarest class 30%", result.Observed);
        Assert.Equal("2 classes: 'good' 70%, 'bad' 30%; positive class 'bad'", result.Message);
    }

    [Fact]
    public void Missing_label_column_fails()
    {
        var result = Assert.Single(Run(LabelCheck.Name, Profile(10, Numeric("Age", 10), Numeric("Income", 10))));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("the label column 'Status' is not in the data", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R24_blank_labels_fail_with_their_count()
    {
        var profile = Profile(1000, Status(690, 300) with { Missing = 10 }, Numeric("Age", 1000));

        var result = Single(Run(LabelCheck.Name, profile), CheckStatus.Fail);

        Assert.Equal("10 blank labels", result.Observed);
        Assert.Contains("10 rows (1%) have no value in 'Status'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R24_non_finite_numeric_labels_fail_with_count_lines_and_examples_and_are_not_classes()
    {
        var label = Numeric("Status", 1000, min: 0, max: 1) with
        {
            BadValues = Lines(10, 4, 8, 15),
            BadValueExamples = ["NaN", "Infinity", "1e39"],
            Categories = new Dictionary<string, long> { ["0"] = 700, ["1"] = 290, ["NaN"] = 5, ["Infinity"] = 3, ["1e39"] = 2 },
        };

        var results = Run(LabelCheck.Name, Profile(1000, label, Numeric("Age", 1000)), Spec(NoPositiveClass));

        var bad = Single(results, CheckStatus.Fail);
        Assert.Equal("10 unusable labels", bad.Observed);
        Assert.Contains("'NaN', 'Infinity', '1e39'", bad.Message, StringComparison.Ordinal);
        Assert.Contains("lines 4, 8, 15, …", bad.Message, StringComparison.Ordinal);
        var classes = Single(results, CheckStatus.Pass);
        Assert.Equal("2 classes: '0' 70.71%, '1' 29.29%; positive class '1'", classes.Message);
    }

    [Fact]
    public void R24_question_marks_and_nan_in_a_text_label_are_counted_as_unusable()
    {
        var label = Categorical("Status", ("good", 690), ("bad", 290), ("?", 12), ("NaN", 5), ("-inf", 2), ("1e39", 1));

        var result = Single(Run(LabelCheck.Name, Profile(1000, label, Numeric("Age", 1000))), CheckStatus.Fail);

        Assert.Equal("20 unusable labels", result.Observed);
        Assert.Contains("'?' (12), 'NaN' (5), '-inf' (2), '1e39' (1)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R24_a_single_class_fails_with_a_reason()
    {
        var result = Single(Run(LabelCheck.Name, Profile(500, Categorical("Status", ("good", 500)), Numeric("Age", 500))), CheckStatus.Fail);

        Assert.Equal("1 class", result.Observed);
        Assert.Equal("every labelled row of 'Status' is 'good' (500 rows): a classifier needs at least two classes to learn", result.Message);
    }

    [Fact]
    public void R24_every_label_problem_is_counted_not_just_the_first()
    {
        var label = Categorical("Status", ("good", 900), ("?", 50)) with { Missing = 50 };

        var failed = Run(LabelCheck.Name, Profile(1000, label, Numeric("Age", 1000))).Where(r => r.Status == CheckStatus.Fail).Select(r => r.Observed);

        Assert.Equal(["50 blank labels", "50 unusable labels", "1 class"], failed);
    }

    [Fact]
    public void Binary_label_with_three_classes_fails_and_points_to_multiclass()
    {
        var label = Categorical("Status", ("good", 500), ("bad", 300), ("unknown", 200));

        var result = Single(Run(LabelCheck.Name, Profile(1000, label, Numeric("Age", 1000))), CheckStatus.Fail);

        Assert.Contains("needs exactly 2 classes, but 'Status' has 3", result.Message, StringComparison.Ordinal);
        Assert.Contains("multiclass-classification", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_label_whose_positive_class_cannot_be_told_fails()
    {
        var result = Single(Run(LabelCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)), Spec(NoPositiveClass)), CheckStatus.Fail);

        Assert.Equal("cannot tell which of 'bad', 'good' is the positive class; set \"positiveClass\" in the spec", result.Message);
    }

    [Theory]
    [InlineData(970, 30, CheckStatus.Warn)]
    [InlineData(995, 5, CheckStatus.Fail)]
    [InlineData(950, 50, CheckStatus.Pass)]
    public void Rare_minority_class_warns_below_5_percent_and_fails_below_1_percent(long good, long bad, CheckStatus expected)
    {
        var result = Assert.Single(Run(LabelCheck.Name, Profile(1000, Status(good, bad), Numeric("Age", 1000))));

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Minority_share_thresholds_come_from_the_spec()
    {
        var spec = Spec("""{ "checks": { "label": { "warn": 0.4, "fail": 0.2 } } }""");

        var result = Assert.Single(Run(LabelCheck.Name, Profile(1000, Status(700, 300), Numeric("Age", 1000)), spec));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("rarest class ≥ 40%", result.Threshold);
        Assert.Contains("the rarest class 'bad' is 30% of labelled rows (300 of 1,000)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiclass_label_with_three_classes_passes()
    {
        var spec = Spec("""{ "task": "multiclass-classification", "positiveClass": null, "promotion": { "primaryMetric": "macroAccuracy" } }""");
        var label = Categorical("Status", ("good", 500), ("bad", 300), ("unknown", 200));

        var result = Assert.Single(Run(LabelCheck.Name, Profile(1000, label, Numeric("Age", 1000)), spec));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.StartsWith("3 classes:", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_label_with_too_many_values_to_count_fails()
    {
        var label = Categorical("Status", ("a", 10), ("b", 9)) with { Categories = null, DistinctEstimate = 5400 };

        var result = Single(Run(LabelCheck.Name, Profile(10000, label, Numeric("Age", 10000))), CheckStatus.Fail);

        Assert.Equal("~5,400 classes", result.Observed);
    }

    [Fact]
    public void Multiclass_label_whose_values_were_not_counted_exactly_warns_that_class_shares_were_not_checked()
    {
        // Within the class cap, but not counted one by one (class names longer than the profiler counts, for instance).
        var spec = Spec("""{ "task": "multiclass-classification", "positiveClass": null, "promotion": { "primaryMetric": "macroAccuracy" } }""");
        var label = Categorical("Status", ("a", 10), ("b", 9)) with { Categories = null, DistinctEstimate = 540 };

        var result = Assert.Single(Run(LabelCheck.Name, Profile(10000, label, Numeric("Age", 10000)), spec));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("the rarest class's share was not checked", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R35_multiclass_label_with_more_values_than_the_class_cap_fails()
    {
        var spec = Spec("""{ "task": "multiclass-classification", "positiveClass": null, "promotion": { "primaryMetric": "macroAccuracy" } }""");
        var label = Categorical("Status", ("a", 10), ("b", 9)) with { Categories = null, DistinctEstimate = 5400 };

        var result = Assert.Single(Run(LabelCheck.Name, Profile(10000, label, Numeric("Age", 10000)), spec));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("~5,400 classes", result.Observed);
        Assert.Contains("more than the 1,000 classes a multiclass label may have", result.Message, StringComparison.Ordinal);
        Assert.Contains("Cd4ml__Limits__MaxClasses", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_label_with_numbers_that_vary_passes()
    {
        var result = Assert.Single(Run(LabelCheck.Name, Profile(1000, Numeric("Status", 1000, min: 1, max: 9), Numeric("Age", 1000)), Regression()));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.StartsWith("numeric label from 1 to 9", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R24_regression_label_with_non_finite_values_fails()
    {
        var label = Numeric("Status", 1000, min: 1, max: 9) with { BadValues = Lines(2, 10, 11), BadValueExamples = ["Infinity", "1e39"] };

        var result = Single(Run(LabelCheck.Name, Profile(1000, label, Numeric("Age", 1000)), Regression()), CheckStatus.Fail);

        Assert.Equal("2 unusable labels", result.Observed);
        Assert.Contains("lines 10, 11", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regression_label_that_is_not_numeric_fails()
    {
        var result = Single(Run(LabelCheck.Name, Profile(1000, Status(), Numeric("Age", 1000)), Regression()), CheckStatus.Fail);

        Assert.Equal("a regression label must be numeric, but 'Status' reads as categorical (e.g. 'good', 'bad')", result.Message);
    }

    [Fact]
    public void Regression_label_that_never_varies_fails()
    {
        var result = Single(Run(LabelCheck.Name, Profile(1000, Numeric("Status", 1000, min: 3, max: 3), Numeric("Age", 1000)), Regression()), CheckStatus.Fail);

        Assert.Equal("always 3", result.Observed);
    }

    [Fact]
    public void Label_check_cannot_be_turned_off()
    {
        var spec = Spec() with { Checks = new Dictionary<string, CheckSettings> { [LabelCheck.Name] = new() { Enabled = false } } };

        var result = Single(Run(LabelCheck.Name, Profile(500, Categorical("Status", ("good", 500)), Numeric("Age", 500)), spec), CheckStatus.Fail);

        Assert.Equal("1 class", result.Observed);
    }

    private static PipelineSpec Regression() => Spec() with { Task = TaskTypes.Regression, PositiveClass = null };
}
