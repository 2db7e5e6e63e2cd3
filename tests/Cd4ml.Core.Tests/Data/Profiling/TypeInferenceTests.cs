using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>The type rule of <see cref="TypeInference"/>, column by column.</summary>
public sealed class TypeInferenceTests
{
    private static ColumnProfile Only(params string[] cells) => Csv.Profile("c\n" + string.Concat(cells.Select(c => c + "\n"))).Columns[0];

    private static string[] Many(int count, Func<int, string> cell) => [.. Enumerable.Range(0, count).Select(cell)];

    [Fact]
    public void A_column_with_only_missing_cells_is_empty()
    {
        Assert.Equal(InferredType.Empty, Only("", "NA", "null").Type);
    }

    [Fact]
    public void Numbers_in_any_invariant_notation_make_a_numeric_column()
    {
        var column = Only("1", "-2.5", "+3", ".5", "1e3", "2E-2", "0", " 7 ");

        Assert.Equal(InferredType.Numeric, column.Type);
        Assert.Equal((-2.5, 1000.0), (column.Numeric!.Min, column.Numeric.Max));
    }

    [Fact]
    public void A_column_stays_numeric_with_up_to_5_percent_text_which_is_bad()
    {
        var atThreshold = Only([.. Many(95, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. Many(5, _ => "oops")]);
        var belowThreshold = Only([.. Many(94, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. Many(6, _ => "oops")]);

        Assert.Equal((InferredType.Numeric, 5L), (atThreshold.Type, atThreshold.BadValues.Count));
        Assert.NotEqual(InferredType.Numeric, belowThreshold.Type);
        Assert.Equal(0, belowThreshold.BadValues.Count);
    }

    [Fact]
    public void Comma_decimals_are_not_invariant_numbers()
    {
        Assert.NotEqual(InferredType.Numeric, Only("\"1,5\"", "\"2,5\"").Type);
    }

    [Fact]
    public void True_false_yes_and_no_in_any_case_make_a_boolean_column()
    {
        Assert.Equal(InferredType.Boolean, Only("true", "FALSE", "Yes", "no", "True").Type);
        Assert.Equal(InferredType.Numeric, Only("0", "1", "1", "0").Type);
    }

    [Fact]
    public void ISO_dates_and_date_times_make_a_date_column_and_impossible_dates_are_bad()
    {
        var column = Only([.. Many(30, i => $"2024-01-{i % 28 + 1:00}"), "2024-02-29T10:15", "2024-03-01 08:00:00Z", "2024-03-02T08:00:00.123+02:00", "2023-02-29"]);

        Assert.Equal(InferredType.Date, column.Type);
        Assert.Equal(1, column.BadValues.Count);
        Assert.Equal(["2023-02-29"], column.BadValueExamples);
        Assert.Null(column.Numeric);
    }

    [Fact]
    public void Few_short_repeated_values_are_categorical()
    {
        Assert.Equal(InferredType.Categorical, Only([.. Many(200, i => i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue")]).Type);
        Assert.Equal(InferredType.Categorical, Only("a", "b", "c").Type);
    }

    [Fact]
    public void Mostly_distinct_values_or_long_values_are_text()
    {
        Assert.Equal(InferredType.Text, Only([.. Many(100, i => $"customer-{i}")]).Type);
        Assert.Equal(InferredType.Text, Only([.. Many(10, i => new string('w', 60) + (i % 2))]).Type);
    }

    [Fact]
    public void The_rule_reads_the_evidence_and_the_type_share()
    {
        var evidence = new TypeEvidence { Numbers = 90, Booleans = 0, Dates = 0, TotalLength = 200 };

        Assert.Equal(InferredType.Numeric, TypeInference.Infer(100, evidence, 50, typeShare: 0.9));
        Assert.Equal(InferredType.Text, TypeInference.Infer(100, evidence, 51, typeShare: 0.95));
        Assert.Equal(InferredType.Categorical, TypeInference.Infer(100, evidence, 20, typeShare: 0.95));
    }
}
