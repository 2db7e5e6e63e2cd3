using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data.Profiling;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>The columns the spec and the champion expect (RELIABILITY 25: missing, extra and changed columns → schema fails naming them).</summary>
public sealed class SchemaCheckTests
{
    private static readonly DatasetProfile s_champion = Profile(1000, Status(), Numeric("Age", 1000), Categorical("Home", ("rent", 600), ("own", 400)));

    [Fact]
    public void Same_columns_as_declared_and_as_the_champion_pass()
    {
        var spec = Spec("""{ "columns": { "Age": { "type": "numeric", "min": 0 } } }""");

        var result = Assert.Single(Run(SchemaCheck.Name, s_champion, spec, s_champion));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("same columns and types as the champion's training data", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void First_run_passes_without_a_champion_to_compare_with()
    {
        var result = Assert.Single(Run(SchemaCheck.Name, s_champion));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("no champion yet", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R25_missing_label_fails()
    {
        var result = Single(Run(SchemaCheck.Name, Profile(10, Numeric("Age", 10), Numeric("Income", 10))), CheckStatus.Fail);

        Assert.Equal("Status", result.Column);
        Assert.Equal("the label column 'Status' is not in the data; its columns are 'Age', 'Income'", result.Message);
    }

    [Fact]
    public void R25_declared_column_missing_from_the_data_fails_naming_it()
    {
        var spec = Spec("""{ "columns": { "Income": { "type": "numeric" } } }""");

        var result = Single(Run(SchemaCheck.Name, s_champion, spec), CheckStatus.Fail);

        Assert.Equal("Income", result.Column);
        Assert.Equal("the spec declares column 'Income' but the data has no such column", result.Message);
    }

    [Fact]
    public void R25_declared_type_that_the_data_does_not_fit_fails()
    {
        var spec = Spec("""{ "columns": { "Home": { "type": "numeric" } } }""");

        var result = Single(Run(SchemaCheck.Name, s_champion, spec), CheckStatus.Fail);

        Assert.Equal("Home", result.Column);
        Assert.Equal("categorical, declared numeric", result.Observed);
        Assert.Contains("'rent', 'own'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_fit_a_declared_categorical_column()
    {
        var spec = Spec("""{ "columns": { "Age": { "type": "categorical" } } }""");

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(SchemaCheck.Name, s_champion, spec)).Status);
    }

    [Fact]
    public void R25_column_missing_versus_the_champion_fails_naming_it()
    {
        var current = Profile(1000, Status(), Numeric("Age", 1000));

        var result = Single(Run(SchemaCheck.Name, current, reference: s_champion), CheckStatus.Fail);

        Assert.Equal("Home", result.Column);
        Assert.Equal("missing vs champion", result.Observed);
        Assert.Contains("'Home' was in the champion's training data but is missing now", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R25_extra_column_versus_the_champion_fails_naming_it()
    {
        var current = Profile(1000, Status(), Numeric("Age", 1000), Categorical("Home", ("rent", 1000)), Numeric("Debt", 1000));

        var result = Single(Run(SchemaCheck.Name, current, reference: s_champion), CheckStatus.Fail);

        Assert.Equal("Debt", result.Column);
        Assert.Equal("extra vs champion", result.Observed);
    }

    [Fact]
    public void R25_changed_type_versus_the_champion_fails_naming_the_column_and_both_types()
    {
        var current = Profile(1000, Status(), Categorical("Age", ("young", 500), ("old", 500)), Categorical("Home", ("rent", 1000)));

        var result = Single(Run(SchemaCheck.Name, current, reference: s_champion), CheckStatus.Fail);

        Assert.Equal("Age", result.Column);
        Assert.Equal("categorical, was numeric", result.Observed);
        Assert.Contains("changed type from numeric (champion's training data) to categorical", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R25_every_column_difference_is_reported()
    {
        var current = Profile(1000, Status(), Categorical("Age", ("young", 1000)), Numeric("Debt", 1000));

        var failed = Run(SchemaCheck.Name, current, reference: s_champion).Where(r => r.Status == CheckStatus.Fail).Select(r => r.Column);

        Assert.Equal(["Age", "Home", "Debt"], failed);
    }

    [Fact]
    public void Excluded_columns_are_left_out_of_the_champion_comparison()
    {
        var spec = Spec("""{ "exclude": ["RowId"] }""");
        var current = Profile(1000, Status(), Numeric("Age", 1000), Categorical("Home", ("rent", 1000)), Numeric("RowId", 1000));

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(SchemaCheck.Name, current, spec, s_champion)).Status);
    }

    [Fact]
    public void Excluded_column_missing_from_the_data_warns()
    {
        var spec = Spec("""{ "exclude": ["CustomerId"] }""");

        var result = Assert.Single(Run(SchemaCheck.Name, s_champion, spec));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("'CustomerId'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intended_new_column_can_be_made_a_warning()
    {
        var spec = Spec("""{ "checks": { "schema": { "columns": { "Debt": { "warn": 0 } } } } }""");
        var current = Profile(1000, Status(), Numeric("Age", 1000), Categorical("Home", ("rent", 1000)), Numeric("Debt", 1000));

        var result = Assert.Single(Run(SchemaCheck.Name, current, spec, s_champion));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("Debt", result.Column);
    }
}
