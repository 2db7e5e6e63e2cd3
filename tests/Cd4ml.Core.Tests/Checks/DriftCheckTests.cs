using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data.Profiling;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>Drift against the champion's training profile: skipped before the first champion, per column after.</summary>
public sealed class DriftCheckTests
{
    private static readonly DatasetProfile s_champion = Profile(1000, Status(), Categorical("Home", ("rent", 500), ("own", 500)));

    [Theory]
    [InlineData(DriftCheck.Name)]
    [InlineData(CategoryDriftCheck.Name)]
    public void Drift_passes_with_a_note_when_there_is_no_champion_yet(string check)
    {
        var result = Assert.Single(Run(check, s_champion));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("no champion yet", result.Observed);
    }

    [Fact]
    public void Unchanged_category_mix_passes()
    {
        var result = Assert.Single(Run(CategoryDriftCheck.Name, s_champion, reference: s_champion));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("largest JS distance 0", result.Observed);
    }

    [Fact]
    public void Slightly_changed_category_mix_passes()
    {
        var current = Profile(1000, Status(), Categorical("Home", ("rent", 600), ("own", 400)));

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(CategoryDriftCheck.Name, current, reference: s_champion)).Status);
    }

    [Fact]
    public void Moderately_shifted_category_mix_warns()
    {
        // shares 0.5/0.5 → 0.7/0.3: distance 0.174
        var current = Profile(1000, Status(), Categorical("Home", ("rent", 700), ("own", 300)));

        var result = Assert.Single(Run(CategoryDriftCheck.Name, current, reference: s_champion));

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("JS distance 0.174", result.Observed);
        Assert.Equal("JS distance ≤ 0.1", result.Threshold);
    }

    [Fact]
    public void Shifted_category_mix_fails_naming_the_column()
    {
        // shares 0.5/0.5 → 0.9/0.1: distance 0.383
        var current = Profile(1000, Status(), Categorical("Home", ("rent", 900), ("own", 100)));

        var result = Assert.Single(Run(CategoryDriftCheck.Name, current, reference: s_champion));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("Home", result.Column);
        Assert.Equal("JS distance 0.383", result.Observed);
        Assert.StartsWith("the mix of values of 'Home' moved since the champion's training data", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_column_drift_threshold_applies_to_that_column()
    {
        var spec = Spec("""{ "checks": { "category-drift": { "columns": { "Home": { "warn": 0.5 } } } } }""");
        var current = Profile(1000, Status(), Categorical("Home", ("rent", 900), ("own", 100)));

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(CategoryDriftCheck.Name, current, spec, s_champion)).Status);
    }

    [Fact]
    public void Label_is_not_judged_for_drift()
    {
        var current = Profile(1000, Status(100, 900), Categorical("Home", ("rent", 500), ("own", 500)));

        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(CategoryDriftCheck.Name, current, reference: s_champion)).Status);
    }

    [Fact]
    public void Numeric_drift_leaves_out_columns_that_are_not_numeric_on_both_sides()
    {
        var current = Profile(1000, Status(), Categorical("Home", ("rent", 900), ("own", 100)));

        var result = Assert.Single(Run(DriftCheck.Name, current, reference: s_champion));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("no columns compared", result.Observed);
    }
}
