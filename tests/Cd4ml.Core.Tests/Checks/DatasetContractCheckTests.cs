using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>The gate before training: a bad file is refused with a message that says where and why (RELIABILITY 21-25).</summary>
public sealed class DatasetContractCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Sample_batch_passes_every_check()
    {
        var spec = PipelineSpecParser.Parse(Samples.SpecJson, Samples.SpecPath);

        var results = DatasetContractCheck.Evaluate(DatasetScan.Read(Samples.Batch1Path, spec.Label), spec);

        Assert.All(results, r => Assert.Equal(CheckStatus.Pass, r.Status));
        Assert.Equal(
            [
                DatasetContractCheck.NonEmpty, DatasetContractCheck.Header, DatasetContractCheck.RowShape, DatasetContractCheck.LabelPresent,
                DatasetContractCheck.ExcludedColumns, DatasetContractCheck.LabelBinary, DatasetContractCheck.LabelBlank,
            ],
            results.Select(r => r.Name));
        Assert.Equal("binary label, positive class 'bad'", Result(results, DatasetContractCheck.LabelBinary).Message);
    }

    [Fact]
    public void Empty_file_is_refused_as_empty()
    {
        var results = Check("");

        var nonEmpty = Failed(results, DatasetContractCheck.NonEmpty);
        Assert.Equal("the file is empty", nonEmpty.Message);
        Assert.Equal("0 rows", nonEmpty.Observed);
        Failed(results, DatasetContractCheck.Header);
        Failed(results, DatasetContractCheck.LabelPresent);
    }

    [Fact]
    public void Header_only_file_is_refused_for_having_no_data_rows()
    {
        var results = Check("Status,Age\n");

        Assert.Equal("the file has a header but no data rows", Failed(results, DatasetContractCheck.NonEmpty).Message);
        Assert.Equal(CheckStatus.Pass, Result(results, DatasetContractCheck.Header).Status);
        Assert.DoesNotContain(results, r => r.Name == DatasetContractCheck.LabelBinary);
    }

    [Fact]
    public void Duplicate_header_names_are_refused_and_named()
    {
        var results = Check("Status,Age,Income,Age\nyes,1,2,3\nno,4,5,6\n");

        var header = Failed(results, DatasetContractCheck.Header);
        Assert.Equal("duplicate: Age", header.Observed);
        Assert.Equal("the header repeats column name(s) 'Age' (line 1)", header.Message);
    }

    [Fact]
    public void Blank_header_name_is_refused()
    {
        var results = Check("Status,,Income\nyes,1,2\nno,4,5\n");

        var header = Failed(results, DatasetContractCheck.Header);
        Assert.Equal("1 blank name(s)", header.Observed);
        Assert.Equal("the header has blank column names (line 1)", header.Message);
    }

    [Fact]
    public void Single_column_file_is_refused()
    {
        var results = Check("Status\nyes\nno\n");

        Assert.Equal("the file needs a label and at least one feature column", Failed(results, DatasetContractCheck.Header).Message);
    }

    [Fact]
    public void Ragged_rows_are_refused_with_their_line_numbers()
    {
        var results = Check("Status,Age,Income\nyes,30,100\nno,40\nyes,20,10\nno,1,2,3\n");

        var shape = Failed(results, DatasetContractCheck.RowShape);
        Assert.Equal("2 ragged rows", shape.Observed);
        Assert.Equal("rows must have 3 fields like the header; first ones at line(s) 3, 5", shape.Message);
    }

    [Fact]
    public void Label_missing_from_the_header_is_refused_and_named()
    {
        var results = Check("Outcome,Age\nyes,1\nno,2\n");

        var present = Failed(results, DatasetContractCheck.LabelPresent);
        Assert.Equal("Status", present.Column);
        Assert.Equal("label column 'Status' is not in the header; columns are: Outcome, Age", present.Message);
        Assert.DoesNotContain(results, r => r.Name == DatasetContractCheck.LabelBinary);
    }

    [Fact]
    public void Single_class_label_is_refused()
    {
        var results = Check("Status,Age\nyes,1\nyes,2\nyes,3\n");

        var binary = Failed(results, DatasetContractCheck.LabelBinary);
        Assert.Equal("yes: 3", binary.Observed);
        Assert.Equal("a binary label needs exactly 2 distinct values, found 1", binary.Message);
    }

    [Fact]
    public void Three_class_label_is_refused_with_the_values_seen()
    {
        var results = Check("Status,Age\nyes,1\nno,2\nmaybe,3\nyes,4\n");

        var binary = Failed(results, DatasetContractCheck.LabelBinary);
        Assert.StartsWith("yes: 2, ", binary.Observed, StringComparison.Ordinal);
        Assert.Contains("no: 1", binary.Observed, StringComparison.Ordinal);
        Assert.Contains("maybe: 1", binary.Observed, StringComparison.Ordinal);
        Assert.Equal("a binary label needs exactly 2 distinct values, found 3", binary.Message);
    }

    [Fact]
    public void Blank_labels_are_counted_and_refused()
    {
        var results = Check("Status,Age\nyes,1\n,2\nno,3\n ,4\n");

        var blank = Failed(results, DatasetContractCheck.LabelBlank);
        Assert.Equal("2 blank labels", blank.Observed);
        Assert.Equal("Status", blank.Column);
        Assert.Equal(CheckStatus.Pass, Result(results, DatasetContractCheck.LabelBinary).Status);
    }

    [Fact]
    public void Positive_class_that_is_not_a_label_value_is_refused()
    {
        var results = Check("Status,Age\nyes,1\nno,2\n", Spec(positiveClass: "bad"));

        Assert.Equal(
            "positiveClass 'bad' is not one of the label's values (no, yes)",
            Failed(results, DatasetContractCheck.LabelBinary).Message);
    }

    [Fact]
    public void Label_pair_without_a_conventional_positive_needs_positive_class()
    {
        var results = Check("Status,Age\ngood,1\nbad,2\n");

        Assert.Equal(
            "cannot tell which of 'bad', 'good' is the positive class; set \"positiveClass\" in the spec",
            Failed(results, DatasetContractCheck.LabelBinary).Message);
    }

    [Fact]
    public void Byte_order_mark_does_not_hide_the_label_in_the_first_column()
    {
        var scan = DatasetScan.Read(_folder.Write("Status,Age\nyes,1\nno,2\n", bom: true), "Status");

        var results = DatasetContractCheck.Evaluate(scan, Spec());

        Assert.All(results, r => Assert.Equal(CheckStatus.Pass, r.Status));
    }

    [Fact]
    public void Excluded_column_missing_from_the_data_is_a_warning_not_a_failure()
    {
        var results = Check("Status,Age\nyes,1\nno,2\n", Spec(exclude: ["CustomerId"]));

        var excluded = Result(results, DatasetContractCheck.ExcludedColumns);
        Assert.Equal(CheckStatus.Warn, excluded.Status);
        Assert.Equal("missing: CustomerId", excluded.Observed);
        Assert.DoesNotContain(results, r => r.Status == CheckStatus.Fail);
    }

    private IReadOnlyList<CheckResult> Check(string csv, PipelineSpec? spec = null)
    {
        spec ??= Spec();
        return DatasetContractCheck.Evaluate(DatasetScan.Read(_folder.Write(csv), spec.Label), spec);
    }

    private static PipelineSpec Spec(string? positiveClass = null, IReadOnlyList<string>? exclude = null) => new()
    {
        Name = "contract-test",
        Task = PipelineSpecParser.BinaryClassification,
        Label = "Status",
        PositiveClass = positiveClass,
        Exclude = exclude ?? [],
        Trainers = [new TrainerSpec { Name = "LightGbm" }],
        Promotion = new PromotionSpec { PrimaryMetric = "auc" },
    };

    private static CheckResult Result(IReadOnlyList<CheckResult> results, string name) => Assert.Single(results, r => r.Name == name);

    private static CheckResult Failed(IReadOnlyList<CheckResult> results, string name)
    {
        var result = Result(results, name);
        Assert.Equal(CheckStatus.Fail, result.Status);
        return result;
    }
}
