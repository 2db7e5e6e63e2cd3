using Cd4ml.Core.Checks;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Tests.Quarantine;

public sealed class QuarantineReportHtmlTests
{
    private static QuarantineReport Report(DatasetProfile? profile = null) =>
        new("credit-risk", "run-1", "datasets/credit-risk/batch.csv", new string('a', 64), DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        [
            new CheckResult("bad-values", CheckStatus.Fail, "3 bad (0.12%)", "≤ 0%", "text in numeric column 'Income' at lines 4, 9, 12", "Income"),
            new CheckResult("completeness", CheckStatus.Warn, "7.0% missing", "≤ 5%", "column 'Debt' has missing values", "Debt"),
            new CheckResult("min-rows", CheckStatus.Pass, "2,500 rows", "≥ 50", "enough rows"),
        ])
        { Profile = profile };

    [Fact]
    public void Failed_checks_come_first_with_observed_and_threshold()
    {
        var html = QuarantineReportHtml.Render(Report());

        var failedSection = html.IndexOf("What failed", StringComparison.Ordinal);
        var othersSection = html.IndexOf("Other checks", StringComparison.Ordinal);
        Assert.True(failedSection > 0 && othersSection > failedSection);
        var badValues = html.IndexOf("bad-values", StringComparison.Ordinal);
        Assert.InRange(badValues, failedSection, othersSection);
        Assert.Contains("3 bad (0.12%)", html, StringComparison.Ordinal);
        Assert.Contains("≤ 0%", html, StringComparison.Ordinal);
        Assert.Contains("1 check(s) failed", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_and_examples_of_bad_values_come_from_the_profile()
    {
        var profile = new DatasetProfile
        {
            Header = ["Income", "Status"],
            Rows = 2500,
            RaggedRows = new LineSample(2, [17, 40]),
            Columns =
            [
                new ColumnProfile
                {
                    Name = "Income", Type = InferredType.Numeric, Count = 2497, Missing = 0,
                    BadValues = new LineSample(3, [4, 9, 12]), BadValueExamples = ["abc", "<script>", "n/a?"],
                },
                new ColumnProfile { Name = "Status", Type = InferredType.Categorical, Count = 2400, Missing = 100 },
            ],
        };

        var html = QuarantineReportHtml.Render(Report(profile));

        Assert.Contains("<td>4, 9, 12</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>17, 40</td>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("4.0%", html, StringComparison.Ordinal);
    }
}
