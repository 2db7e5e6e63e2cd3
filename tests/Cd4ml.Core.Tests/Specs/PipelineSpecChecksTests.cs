using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>The spec's declared columns and data-check settings: parsed into the model, every mistake reported at its JSON path.</summary>
public sealed class PipelineSpecChecksTests
{
    [Fact]
    public void Declared_columns_and_check_settings_are_parsed()
    {
        var spec = Parse("""
            {
              "columns": { "Age": { "type": "numeric", "min": 0, "max": 120 }, "Home": { "type": "categorical" } },
              "checks": {
                "completeness": { "warn": 0.1, "fail": 0.3, "columns": { "Income": { "fail": 0.6 } } },
                "duplicates": { "enabled": false },
                "drift": { "warn": 0.2, "fail": 0.5 },
                "min-rows": { "fail": 1000 },
                "ranges": { "warn": 0 }
              }
            }
            """);

        Assert.Equal(new ColumnSpec { Type = "numeric", Min = 0, Max = 120 }, spec.Columns["Age"]);
        Assert.Equal("categorical", spec.Columns["Home"].Type);
        Assert.Null(spec.Columns["Home"].Min);
        var completeness = spec.Checks["completeness"];
        Assert.True(completeness.Enabled);
        Assert.Equal(0.1, completeness.Warn);
        Assert.Equal(0.3, completeness.Fail);
        Assert.Equal(new CheckThresholds(null, 0.6), completeness.Columns["Income"]);
        Assert.False(spec.Checks["duplicates"].Enabled);
        Assert.Equal(0.5, spec.Checks["drift"].Fail);
        Assert.Equal(1000, spec.Checks["min-rows"].Fail);
        Assert.Equal(0, spec.Checks["ranges"].Warn);
        Assert.Null(spec.Checks["ranges"].Fail);
    }

    [Fact]
    public void Omitted_columns_and_checks_are_empty()
    {
        var spec = Parse("{}");

        Assert.Empty(spec.Columns);
        Assert.Empty(spec.Checks);
    }

    [Fact]
    public void Check_settings_do_not_change_the_hash_by_the_order_they_are_written_in()
    {
        var a = Parse("""{ "checks": { "drift": { "warn": 0.2 }, "completeness": { "warn": 0.1 } }, "columns": { "b": {}, "a": {} } }""");
        var b = Parse("""{ "columns": { "a": {}, "b": {} }, "checks": { "completeness": { "warn": 0.1 }, "drift": { "warn": 0.2 } } }""");

        Assert.Equal(PipelineSpecParser.Hash(a), PipelineSpecParser.Hash(b));
    }

    [Fact]
    public void Unknown_check_is_reported_with_the_known_ones_and_the_likely_one()
    {
        var error = Assert.Single(Errors("""{ "checks": { "completness": { "warn": 0.1 } } }"""));

        Assert.Equal("$.checks.completness", error.Path);
        Assert.Equal(
            "unknown check; known checks: file, row-shape, min-rows, schema, label, completeness, bad-values, ranges, duplicates, drift, category-drift; " +
            "did you mean 'completeness'?",
            error.Message);
    }

    [Fact]
    public void Unknown_check_setting_is_reported()
    {
        var error = Assert.Single(Errors("""{ "checks": { "completeness": { "warning": 0.1 } } }"""));

        Assert.Equal("$.checks.completeness.warning", error.Path);
        Assert.Equal("unknown setting; it takes 'enabled', 'warn', 'fail', 'columns'", error.Message);
    }

    [Fact]
    public void Per_column_thresholds_on_a_check_without_them_are_reported()
    {
        var error = Assert.Single(Errors("""{ "checks": { "duplicates": { "columns": { "a": { "warn": 0.1 } } } } }"""));

        Assert.Equal("$.checks.duplicates.columns", error.Path);
        Assert.StartsWith("the duplicates check has no per-column thresholds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_check_has_no_thresholds()
    {
        var error = Assert.Single(Errors("""{ "checks": { "file": { "fail": 0.1 } } }"""));

        Assert.Equal("$.checks.file.fail", error.Path);
        Assert.Equal("the file check has no thresholds; it takes 'enabled'", error.Message);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("row-shape")]
    [InlineData("label")]
    public void Checks_that_guard_training_cannot_be_turned_off(string check)
    {
        var error = Assert.Single(Errors($$"""{ "checks": { "{{check}}": { "enabled": false } } }"""));

        Assert.Equal($"$.checks.{check}.enabled", error.Path);
        Assert.StartsWith($"the {check} check cannot be turned off", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "completeness": { "warn": -0.1 } }""", "$.checks.completeness.warn", "must be a share from 0 to 1, e.g. 0.05 for 5% (was -0.1)")]
    [InlineData("""{ "completeness": { "fail": 1.5 } }""", "$.checks.completeness.fail", "must be a share from 0 to 1, e.g. 0.05 for 5% (was 1.5)")]
    [InlineData("""{ "completeness": { "fail": "30%" } }""", "$.checks.completeness.fail", "must be a number: must be a share from 0 to 1, e.g. 0.05 for 5%")]
    [InlineData("""{ "completeness": { "columns": { "income": { "fail": 2 } } } }""", "$.checks.completeness.columns.income.fail", "must be a share from 0 to 1, e.g. 0.05 for 5% (was 2)")]
    [InlineData("""{ "drift": { "fail": -1 } }""", "$.checks.drift.fail", "must be 0 or more (was -1)")]
    [InlineData("""{ "min-rows": { "fail": 99.5 } }""", "$.checks.min-rows.fail", "must be a whole number of rows, 0 or more (was 99.5)")]
    [InlineData("""{ "ranges": { "fail": 0.5 } }""", "$.checks.ranges.fail", "must be 0: any problem counts, and {\"warn\": 0} or {\"fail\": 0} only chooses how severe it is (was 0.5)")]
    [InlineData("""{ "duplicates": { "enabled": "no" } }""", "$.checks.duplicates.enabled", "must be true or false")]
    public void Invalid_thresholds_are_reported_at_their_path(string checks, string path, string message)
    {
        var error = Assert.Single(Errors($$"""{ "checks": {{checks}} }"""));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{ "completeness": { "warn": 0.6, "fail": 0.3 } }""", "$.checks.completeness.warn", "must not be above fail (0.3), or a value would fail before it warns")]
    [InlineData("""{ "completeness": { "columns": { "income": { "warn": 0.9, "fail": 0.6 } } } }""", "$.checks.completeness.columns.income.warn", "must not be above fail (0.6), or a value would fail before it warns")]
    [InlineData("""{ "min-rows": { "warn": 100, "fail": 1000 } }""", "$.checks.min-rows.warn", "must not be below fail (1000), or a value would fail before it warns")]
    [InlineData("""{ "label": { "warn": 0.01, "fail": 0.05 } }""", "$.checks.label.warn", "must not be below fail (0.05), or a value would fail before it warns")]
    [InlineData("""{ "schema": { "warn": 0, "fail": 0 } }""", "$.checks.schema.warn", "give either {\"warn\": 0} (problems only warn) or {\"fail\": 0} (problems fail), not both")]
    public void Warn_stricter_than_fail_is_reported(string checks, string path, string message)
    {
        var error = Assert.Single(Errors($$"""{ "checks": {{checks}} }"""));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Equal_warn_and_fail_are_allowed()
    {
        Assert.Empty(Errors("""{ "checks": { "completeness": { "warn": 0.3, "fail": 0.3 } } }"""));
    }

    [Fact]
    public void Column_threshold_needs_warn_or_fail()
    {
        var error = Assert.Single(Errors("""{ "checks": { "completeness": { "columns": { "income": {} } } } }"""));

        Assert.Equal("$.checks.completeness.columns.income", error.Path);
        Assert.Equal("give 'warn', 'fail' or both, e.g. {\"warn\": 0.1, \"fail\": 0.3}", error.Message);
    }

    [Fact]
    public void Unknown_column_type_is_reported_with_the_known_ones()
    {
        var error = Assert.Single(Errors("""{ "columns": { "age": { "type": "integer" } } }"""));

        Assert.Equal("$.columns.age.type", error.Path);
        Assert.Equal("unknown column type 'integer'; known types: numeric, categorical, boolean, text, date", error.Message);
    }

    [Theory]
    [InlineData("""{ "age": { "min": "0" } }""", "$.columns.age.min", "must be a number")]
    [InlineData("""{ "age": { "min": 10, "max": 5 } }""", "$.columns.age.min", "must not be greater than max (min 10, max 5)")]
    [InlineData("""{ "home": { "type": "categorical", "max": 5 } }""", "$.columns.home.max", "a range applies to numeric columns only, but 'home' is declared categorical")]
    [InlineData("""{ "age": { "kind": "numeric" } }""", "$.columns.age.kind", "unknown setting; a column has 'type', 'min' and 'max'")]
    [InlineData("""{ "age": "numeric" }""", "$.columns.age", "must be an object like {\"type\": \"numeric\", \"min\": 0, \"max\": 120}")]
    [InlineData("""{ "": { "type": "numeric" } }""", "$.columns.", "a column name must not be blank")]
    public void Invalid_column_declarations_are_reported_at_their_path(string columns, string path, string message)
    {
        var error = Assert.Single(Errors($$"""{ "columns": {{columns}} }"""));

        Assert.Equal(path, error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Columns_and_checks_must_be_objects()
    {
        var errors = Errors("""{ "columns": [], "checks": "all" }""");

        Assert.Equal(["$.checks", "$.columns"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        var errors = Errors("""
            {
              "columns": { "age": { "type": "integer", "min": 5, "max": 1 } },
              "checks": { "completness": {}, "drift": { "warn": -1 }, "label": { "enabled": false } }
            }
            """);

        Assert.Equal(
            ["$.checks.completness", "$.checks.drift.warn", "$.checks.label.enabled", "$.columns.age.min", "$.columns.age.type"],
            errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    private static PipelineSpec Parse(string extra)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(Merge(extra));
        Assert.True(spec is not null, string.Join("; ", errors));
        return spec;
    }

    private static IReadOnlyList<SpecError> Errors(string extra)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(Merge(extra));
        Assert.True(errors.Count == 0 == spec is not null, "a spec is returned exactly when there are no errors");
        return errors;
    }

    // The sample spec with the given top-level settings added.
    private static string Merge(string extra) => Samples.SpecWith(root =>
    {
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(extra)!.AsObject().ToList())
        {
            root[key] = value?.DeepClone();
        }
    });
}
