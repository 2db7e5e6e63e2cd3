using Cd4ml.Core.Data;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Data;

/// <summary>What one pass over a CSV finds: header, shape, column kinds, label values (RELIABILITY 21-24).</summary>
public sealed class DatasetScanTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Empty_file_has_no_header_and_no_rows()
    {
        var scan = DatasetScan.Read(_folder.Write(""), "Status");

        Assert.Empty(scan.Header);
        Assert.Empty(scan.Columns);
        Assert.Equal(0, scan.Rows);
        Assert.Empty(scan.LabelValues);
    }

    [Fact]
    public void Header_only_file_has_a_header_and_no_rows()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Age\n"), "Status");

        Assert.Equal(["Status", "Age"], scan.Header);
        Assert.Equal(0, scan.Rows);
    }

    [Fact]
    public void Header_names_are_trimmed()
    {
        var scan = DatasetScan.Read(_folder.Write(" Status , Age\nyes,1\n"), "Status");

        Assert.Equal(["Status", "Age"], scan.Header);
        Assert.Equal(1, scan.LabelValues["yes"]);
    }

    [Fact]
    public void Byte_order_mark_does_not_become_part_of_the_first_column_name()
    {
        var path = _folder.Write("Status,Age\nyes,30\nno,40\n", bom: true);
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]);

        var scan = DatasetScan.Read(path, "Status");

        Assert.Equal("Status", scan.Header[0]);
        Assert.Equal(2, scan.LabelValues.Count);
    }

    [Fact]
    public void Ragged_rows_are_counted_with_their_line_numbers()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Age,Income\nyes,30,100\nno,40\nyes,20,10\nno,1,2,3\n"), "Status");

        Assert.Equal(4, scan.Rows);
        Assert.Equal(2, scan.RaggedRows);
        Assert.Equal([3L, 5L], scan.RaggedRowLines);
        Assert.Equal(2, scan.LabelValues["yes"]);
        Assert.False(scan.LabelValues.ContainsKey("no"), "a ragged row's label is not counted");
    }

    [Fact]
    public void Ragged_row_line_numbers_are_file_lines_even_after_a_multi_line_quoted_field()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Note\nyes,\"two\nlines\"\nno\n"), "Status");

        Assert.Equal(2, scan.Rows);
        Assert.Equal([4L], scan.RaggedRowLines);
    }

    [Fact]
    public void Only_the_first_ragged_lines_are_kept_as_examples()
    {
        var csv = "Status,Age\n" + string.Concat(Enumerable.Repeat("yes\n", 25));

        var scan = DatasetScan.Read(_folder.Write(csv), "Status");

        Assert.Equal(25, scan.RaggedRows);
        Assert.Equal(Enumerable.Range(2, DatasetScan.ExampleLines).Select(l => (long)l), scan.RaggedRowLines);
    }

    [Fact]
    public void Quoted_fields_with_commas_and_escaped_quotes_stay_one_field()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Name,Age\nyes,\"Smith, John\",30\nno,\"say \"\"hi\"\", then go\",41\n"), "Status");

        Assert.Equal(0, scan.RaggedRows);
        Assert.Equal(2, scan.Rows);
        Assert.Equal(ColumnKind.Categorical, Kind(scan, "Name"));
        Assert.Equal(ColumnKind.Numeric, Kind(scan, "Age"));
    }

    [Fact]
    public void Quoted_label_values_are_unescaped()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Age\n\"yes\",1\nno,2\n"), "Status");

        Assert.Equal(["no", "yes"], scan.LabelValues.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Numeric_columns_are_inferred_and_empty_cells_keep_them_numeric()
    {
        var csv = """
            Status,Age,Income,Home,Score
            yes,30,,rent,1e3
            no,,2500.5,owner,-0.25
            yes,41, 10 ,3,7
            """;

        var scan = DatasetScan.Read(_folder.Write(csv), "Status");

        Assert.Equal(ColumnKind.Numeric, Kind(scan, "Age"));
        Assert.Equal(ColumnKind.Numeric, Kind(scan, "Income"));
        Assert.Equal(ColumnKind.Numeric, Kind(scan, "Score"));
        Assert.Equal(ColumnKind.Categorical, Kind(scan, "Home"));
    }

    [Fact]
    public void One_text_cell_makes_a_column_categorical()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Age\nyes,30\nno,40\nyes,unknown\nno,50\n"), "Status");

        Assert.Equal(ColumnKind.Categorical, Kind(scan, "Age"));
    }

    [Fact]
    public void Decimal_comma_is_text_not_a_number()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Income\nyes,\"1,5\"\nno,2\n"), "Status");

        Assert.Equal(ColumnKind.Categorical, Kind(scan, "Income"));
    }

    [Fact]
    public void The_label_column_is_never_numeric_even_when_it_holds_numbers()
    {
        var scan = DatasetScan.Read(_folder.Write("Defaulted,Age\n1,30\n0,40\n"), "Defaulted");

        Assert.Equal(ColumnKind.Categorical, Kind(scan, "Defaulted"));
        Assert.Equal(["0", "1"], scan.LabelValues.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Label_values_are_counted_and_blank_labels_are_counted_apart()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Age\nyes,1\nno,2\n,3\nyes,4\n  ,5\n"), "Status");

        Assert.Equal(5, scan.Rows);
        Assert.Equal(2, scan.BlankLabels);
        Assert.Equal(2, scan.LabelValues["yes"]);
        Assert.Equal(1, scan.LabelValues["no"]);
        Assert.Equal(2, scan.LabelValues.Count);
    }

    [Fact]
    public void Label_missing_from_the_header_leaves_label_values_empty()
    {
        var scan = DatasetScan.Read(_folder.Write("Outcome,Age\nyes,1\n"), "Status");

        Assert.Empty(scan.LabelValues);
        Assert.Equal(0, scan.BlankLabels);
        Assert.Equal(1, scan.Rows);
    }

    [Fact]
    public void Distinct_label_values_stop_being_tracked_past_the_limit()
    {
        var csv = "Status,Age\n" + string.Concat(Enumerable.Range(0, 80).Select(i => $"v{i},{i}\n"));

        var scan = DatasetScan.Read(_folder.Write(csv), "Status");

        Assert.Equal(DatasetScan.MaxLabelValues, scan.LabelValues.Count);
        Assert.Equal(80, scan.Rows);
    }

    [Fact]
    public void Sample_batch_is_read_as_the_credit_risk_columns()
    {
        var scan = DatasetScan.Read(Samples.Batch1Path, "Status");

        Assert.Equal(2500, scan.Rows);
        Assert.Equal(0, scan.RaggedRows);
        Assert.Equal(14, scan.Header.Count);
        Assert.Equal(["bad", "good"], scan.LabelValues.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2500, scan.LabelValues.Values.Sum() + scan.BlankLabels);
        Assert.Equal(ColumnKind.Categorical, Kind(scan, "Home"));
        Assert.Equal(ColumnKind.Numeric, Kind(scan, "Income"));
    }

    private static ColumnKind Kind(DatasetScan scan, string column) => scan.Columns.Single(c => c.Name == column).Kind;
}
