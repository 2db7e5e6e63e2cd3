using Cd4ml.Pipeline.Dashboard;

namespace Cd4ml.Pipeline.Tests.Dashboard;

/// <summary>The page frame: one same-origin script, no inline script, and a reload only for browsers without script.</summary>
public sealed class DashboardHtmlTests
{
    [Fact]
    public void A_page_loads_its_one_script_from_the_host_and_reloads_itself_only_without_script()
    {
        var following = DashboardHtml.Page("Run", [], "<p>running</p>", refreshSeconds: 5);
        var still = DashboardHtml.Page("Run", [], "<p>done</p>");

        Assert.Contains($"<script src=\"{DashboardHtml.ScriptUrl}\"></script>", following, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", following, StringComparison.Ordinal);
        Assert.Contains("<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>", following, StringComparison.Ordinal);
        Assert.Equal(1, following.Split("http-equiv=\"refresh\"").Length - 1);
        Assert.DoesNotContain("http-equiv=\"refresh\"", still, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", DashboardHtml.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", DashboardHtml.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_is_embedded_and_follows_runs_through_the_run_status_route()
    {
        Assert.Contains("querySelectorAll('[data-run]')", DashboardHtml.Script, StringComparison.Ordinal);
        Assert.Contains("form[data-answer]", DashboardHtml.Script, StringComparison.Ordinal);
        Assert.Contains("location.reload()", DashboardHtml.Script, StringComparison.Ordinal);
    }
}
