using Cd4ml.Core.Checks;

namespace Cd4ml.Core.Tests.Quarantine;

/// <summary>Issue 13, item 12: the quarantine <c>report.md</c> shows hostile text from the data as text.</summary>
public sealed class QuarantineReportMarkdownTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;")]
    [InlineData("[click](javascript:alert(1))", "\\[click\\]\\(javascript\\:alert\\(1\\)\\)")]
    [InlineData("![x](http://evil/x.png)", "\\!\\[x\\]\\(http\\://evil/x\\.png\\)")]
    [InlineData("**bold** _it_ `code` ~~gone~~", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~")]
    [InlineData("a|b", "a\\|b")]
    [InlineData("C:\\path\\*", "C\\:\\\\path\\\\\\*")]
    [InlineData("AT&T &lt;", "AT&amp;T &amp;lt;")]
    [InlineData("line1\nline2\r\n# heading", "line1 line2 \\# heading")]
    public void Text_from_the_data_is_escaped_for_markdown_and_html(string value, string expected)
    {
        Assert.Equal(expected, MarkdownText.Escape(value));
    }

    [Fact]
    public void Every_value_in_the_report_is_escaped_and_each_check_stays_one_table_row()
    {
        var hostile = "<script>alert(1)</script>\n| injected | row |";
        var report = new QuarantineReport("p", "p-0123456789ab-01234567", "datasets/p/`x`<b>.csv", new string('a', 64), DateTimeOffset.UnixEpoch,
        [
            new CheckResult("schema", CheckStatus.Fail, hostile, "[link](http://evil)", $"column '{hostile}' is unknown", hostile),
        ]);

        var markdown = QuarantineStore.ToMarkdown(report);

        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](http", markdown, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", markdown, StringComparison.Ordinal);
        var rows = markdown.Split('\n').Where(l => l.StartsWith("| schema", StringComparison.Ordinal)).ToList();
        var row = Assert.Single(rows);
        // Six cells: seven unescaped pipes.
        Assert.Equal(7, row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|'));
    }
}
