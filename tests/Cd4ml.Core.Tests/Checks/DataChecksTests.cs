using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Specs;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>The catalog the orchestrator fans out over: names, defaults, settings resolution and the verdict.</summary>
public sealed class DataChecksTests
{
    [Fact]
    public void Catalog_lists_every_check_once_in_report_order()
    {
        Assert.Equal(
            ["file", "row-shape", "min-rows", "schema", "label", "completeness", "bad-values", "ranges", "duplicates", "drift", "category-drift"],
            DataChecks.Names);
    }

    [Theory]
    [InlineData("row-shape", null, 0.0)]
    [InlineData("min-rows", 200.0, 50.0)]
    [InlineData("schema", null, 0.0)]
    [InlineData("label", 0.05, 0.01)]
    [InlineData("completeness", 0.05, 0.5)]
    [InlineData("bad-values", 0.0, 0.01)]
    [InlineData("ranges", null, 0.0)]
    [InlineData("duplicates", 0.05, null)]
    [InlineData("drift", 0.1, 0.25)]
    [InlineData("category-drift", 0.1, 0.2)]
    public void Each_check_has_its_documented_defaults(string name, double? warn, double? fail)
    {
        var definition = DataChecks.Find(name);

        Assert.NotNull(definition);
        Assert.Equal(new CheckThresholds(warn, fail), definition.Defaults);
        Assert.Equal(definition.Defaults, new CheckThresholds(DataChecks.Resolve(name, Spec()).Warn, DataChecks.Resolve(name, Spec()).Fail));
    }

    [Fact]
    public void Spec_thresholds_replace_the_default_pair()
    {
        var settings = DataChecks.Resolve(CompletenessCheck.Name, Spec("""{ "checks": { "completeness": { "warn": 0.2 } } }"""));

        Assert.Equal(0.2, settings.Warn);
        Assert.Null(settings.Fail);
    }

    [Fact]
    public void Spec_without_thresholds_keeps_the_defaults()
    {
        var settings = DataChecks.Resolve(CompletenessCheck.Name, Spec("""{ "checks": { "completeness": { "columns": { "Income": { "fail": 0.9 } } } } }"""));

        Assert.Equal(0.05, settings.Warn);
        Assert.Equal(0.5, settings.Fail);
        Assert.Equal(new CheckThresholds(null, 0.9), settings.Columns["Income"]);
    }

    [Fact]
    public void Turned_off_checks_are_left_out_of_the_fan_out()
    {
        var names = DataChecks.EnabledNames(Spec("""{ "checks": { "duplicates": { "enabled": false }, "drift": { "enabled": false } } }"""));

        Assert.DoesNotContain(DuplicatesCheck.Name, names);
        Assert.DoesNotContain(DriftCheck.Name, names);
        Assert.Equal(DataChecks.Names.Count - 2, names.Count);
    }

    [Fact]
    public void Checks_that_cannot_be_turned_off_stay_on()
    {
        var spec = Spec() with
        {
            Checks = new Dictionary<string, CheckSettings> { [LabelCheck.Name] = new() { Enabled = false }, [FileCheck.Name] = new() { Enabled = false } },
        };

        Assert.Contains(LabelCheck.Name, DataChecks.EnabledNames(spec));
        Assert.Contains(FileCheck.Name, DataChecks.EnabledNames(spec));
    }

    [Fact]
    public void Unknown_check_name_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => DataChecks.Run("completness", DataChecks.Context("file", Profile(0), Spec(), null)));

        Assert.Contains("known checks: file, row-shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Healthy_data_passes_every_check_on_the_first_run()
    {
        var profile = Profile(1000, Status(), Numeric("Age", 1000, min: 18, max: 90), Categorical("Home", ("rent", 600), ("own", 400)));

        var results = DataChecks.RunAll(profile, Spec("""{ "columns": { "Age": { "min": 0, "max": 120 } } }"""), reference: null);

        Assert.All(results, r => Assert.Equal(CheckStatus.Pass, r.Status));
        Assert.Equal(DataChecks.Names, results.Select(r => r.Name).Distinct());
        Assert.Equal(CheckStatus.Pass, DataChecks.Worst(results));
    }

    [Fact]
    public void A_refused_dataset_gets_a_failed_result_with_a_reason_from_every_check_that_found_a_problem()
    {
        var profile = Profile(40, Categorical("Status", ("good", 40)), Numeric("Age", 10) with { Missing = 30 }) with { RaggedRows = Lines(1, 7) };

        var results = DataChecks.RunAll(profile, Spec(), reference: null);

        Assert.Equal(CheckStatus.Fail, DataChecks.Worst(results));
        Assert.Equal(
            ["row-shape", "min-rows", "label", "completeness"],
            results.Where(r => r.Status == CheckStatus.Fail).Select(r => r.Name).Distinct());
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public void Worst_status_is_fail_over_warn_over_pass()
    {
        CheckResult Of(CheckStatus status) => new("x", status, "", "", "");

        Assert.Equal(CheckStatus.Pass, DataChecks.Worst([]));
        Assert.Equal(CheckStatus.Warn, DataChecks.Worst([Of(CheckStatus.Pass), Of(CheckStatus.Warn)]));
        Assert.Equal(CheckStatus.Fail, DataChecks.Worst([Of(CheckStatus.Warn), Of(CheckStatus.Fail), Of(CheckStatus.Pass)]));
    }
}
