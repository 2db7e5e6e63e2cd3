using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Data.Profiling;
using static Cd4ml.Core.Tests.Checks.CheckProfiles;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>The file is a table with a usable header (RELIABILITY 21: empty, header only, no header, duplicate names → rejected with a message).</summary>
public sealed class FileCheckTests
{
    [Fact]
    public void Usable_file_passes_and_says_its_size()
    {
        var result = Assert.Single(Run(FileCheck.Name, Profile(1000, Status(), Numeric("Age", 1000))));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Equal("2 columns, 1,000 rows", result.Observed);
    }

    [Fact]
    public void R21_empty_file_is_rejected_as_empty()
    {
        var result = Assert.Single(Run(FileCheck.Name, Profile(0)));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("the file is empty", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R21_header_only_file_is_rejected_for_having_no_rows()
    {
        var result = Single(Run(FileCheck.Name, Profile(0, Status(0, 0), Numeric("Age", 0))), CheckStatus.Fail);

        Assert.Equal("0 rows", result.Observed);
        Assert.Equal("the file has a header (line 1) but no data rows", result.Message);
    }

    [Fact]
    public void R21_file_without_a_header_is_rejected()
    {
        var profile = Profile(99, Numeric("5.1", 99), Numeric("3.5", 99)) with { HeaderLooksLikeData = true };

        var result = Single(Run(FileCheck.Name, profile), CheckStatus.Fail);

        Assert.Equal("no header", result.Observed);
        Assert.Contains("'5.1', '3.5'", result.Message, StringComparison.Ordinal);
        Assert.Contains("add a header row", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R21_duplicate_header_names_are_rejected_naming_them()
    {
        var profile = Profile(10, Status(), Numeric("Age", 10), Numeric("Age", 10), Numeric("Income", 10), Numeric("Income", 10));

        var result = Single(Run(FileCheck.Name, profile), CheckStatus.Fail);

        Assert.Equal("duplicate names: Age, Income", result.Observed);
        Assert.Contains("repeats column name(s) 'Age', 'Income'", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_header_names_are_rejected_with_their_positions()
    {
        var profile = Profile(10, Status(), Numeric("", 10), Numeric("Age", 10), Numeric(" ", 10));

        var result = Single(Run(FileCheck.Name, profile), CheckStatus.Fail);

        Assert.Equal("2 blank names", result.Observed);
        Assert.Contains("column(s) 2, 4", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_column_file_is_rejected()
    {
        var result = Single(Run(FileCheck.Name, Profile(10, Status())), CheckStatus.Fail);

        Assert.Contains("at least one feature column", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_order_mark_is_handled_and_mentioned()
    {
        var profile = Profile(10, Status(), Numeric("Age", 10)) with { HadByteOrderMark = true };

        var result = Assert.Single(Run(FileCheck.Name, profile));

        Assert.Equal(CheckStatus.Pass, result.Status);
        Assert.Contains("byte order mark", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var profile = new DatasetProfile { Header = ["a", "a", ""], Rows = 0, Columns = [] };

        var results = Run(FileCheck.Name, profile);

        Assert.Equal(3, results.Count(r => r.Status == CheckStatus.Fail));
    }

    [Fact]
    public void File_check_cannot_be_turned_off()
    {
        var spec = Spec() with { Checks = new Dictionary<string, CheckSettings> { [FileCheck.Name] = new() { Enabled = false } } };

        var result = Assert.Single(Run(FileCheck.Name, Profile(0), spec));

        Assert.Equal(CheckStatus.Fail, result.Status);
    }
}
