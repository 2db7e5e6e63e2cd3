using System.Net;
using Cd4ml.Pipeline.Dashboard;

namespace Cd4ml.Cli.Tests;

/// <summary>The dataset page, the stored documents and the schedule, over HTTP from <c>cd4ml serve</c> with real runs.</summary>
public sealed partial class DashboardPagesTests
{
    [Fact]
    public async Task Dataset_page_shows_every_column_with_type_missing_quantiles_histogram_and_top_values()
    {
        var answer = await host.Http.GetAsync(DashboardHtml.DatasetUrl(host.Pipeline, host.TrainedSha256));
        var html = await answer.Content.ReadAsStringAsync();

        AssertSafePage(answer, html);
        Assert.Contains("<caption>Every column at a glance</caption>", html, StringComparison.Ordinal);
        foreach (var column in new[] { "Status", "Seniority", "Home", "Age", "Income", "Price" })
        {
            Assert.Contains($"<caption>{column}: statistics</caption>", html, StringComparison.Ordinal);
        }

        // One histogram per numeric column: nine of the credit data's 14 (Status, Home, Marital, Records and Job are not numbers).
        Assert.Equal(9, CountOf(html, "<svg class=\"hist\""));
        Assert.Contains("<caption>Home: most frequent values</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">p50</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">rows</th><td>300</td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Quarantined", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarantined_dataset_page_lists_its_reports_encodes_hostile_column_names_and_links_the_stored_report()
    {
        var answer = await host.Http.GetAsync(DashboardHtml.DatasetUrl(host.RejectedPipeline, host.RejectedSha256));
        var html = await answer.Content.ReadAsStringAsync();
        var reportUrl = DashboardHtml.QuarantineReportUrl(host.RejectedPipeline, host.RejectedSha256, host.RejectedRun);
        var report = await host.Http.GetAsync(reportUrl);
        var reportHtml = await report.Content.ReadAsStringAsync();
        var run = await host.Http.GetStringAsync(DashboardHtml.RunUrl(host.RejectedRun));

        AssertSafePage(answer, html);
        Assert.Contains("<h2 id=\"quarantine\">Quarantined</h2>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(reportUrl)}\"", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(DashboardServe.HostileColumn), html, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardServe.HostileColumn, html, StringComparison.Ordinal);

        // The stored report, as written, under a policy that runs no script at all and allows only the renderers' styles.
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", report.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(StoredDocuments.ContentSecurityPolicy, csp);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Contains("sandbox", csp, StringComparison.Ordinal);
        Assert.Contains("Dataset rejected", reportHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardServe.HostileColumn, reportHtml, StringComparison.Ordinal);

        // The run page links both.
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(DashboardHtml.DatasetUrl(host.RejectedPipeline, host.RejectedSha256))}\"", run, StringComparison.Ordinal);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(reportUrl)}\"", run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_page_links_its_dataset_and_stored_model_card_and_unknown_datasets_are_404_pages()
    {
        var version = await host.Http.GetStringAsync(DashboardHtml.VersionUrl(host.Pipeline, 1));
        var card = await host.Http.GetAsync(DashboardHtml.CardUrl(host.Pipeline, 1));
        var unknown = await host.Http.GetAsync(DashboardHtml.DatasetUrl(host.Pipeline, new string('0', 64)));
        var malformed = await host.Http.GetAsync(DashboardHtml.DatasetUrl(host.Pipeline, "<b>"));
        var noCard = await host.Http.GetAsync(DashboardHtml.CardUrl(host.Pipeline, 99));

        Assert.Contains($"href=\"{DashboardHtml.CardUrl(host.Pipeline, 1)}\"", version, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DashboardHtml.DatasetUrl(host.Pipeline, host.TrainedSha256)}\"", version, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.Equal(StoredDocuments.ContentSecurityPolicy, string.Join(";", card.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains($"Model card: {host.Pipeline} v1", await card.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noCard.StatusCode);
    }

    [Fact]
    public async Task Pipeline_page_shows_the_schedule_with_its_next_due_time_and_the_quarantined_datasets()
    {
        var scheduled = await host.Http.GetStringAsync(DashboardHtml.PipelineUrl(host.RejectedPipeline));
        var unscheduled = await host.Http.GetStringAsync(DashboardHtml.PipelineUrl(host.Pipeline));

        Assert.Contains("<caption>Schedule (UTC)</caption>", scheduled, StringComparison.Ordinal);
        Assert.Contains($"<code>{DashboardServe.Schedule}</code>", scheduled, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">next due</th>", scheduled, StringComparison.Ordinal);
        Assert.Contains("none in the spec", unscheduled, StringComparison.Ordinal);

        // The rejected dataset is listed (from the run index), linked to its page and its report; a clean pipeline lists none.
        Assert.Contains("<h2 id=\"quarantined\">Quarantined datasets</h2>", scheduled, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DashboardHtml.DatasetUrl(host.RejectedPipeline, host.RejectedSha256)}\"", scheduled, StringComparison.Ordinal);
        Assert.Contains($"href=\"{DashboardHtml.QuarantineReportUrl(host.RejectedPipeline, host.RejectedSha256, host.RejectedRun)}\"", scheduled, StringComparison.Ordinal);
        Assert.DoesNotContain("Quarantined datasets", unscheduled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_is_served_same_origin_as_javascript_and_a_waiting_run_page_tells_it_what_to_follow()
    {
        var script = await host.Http.GetAsync(DashboardHtml.ScriptUrl);
        var body = await script.Content.ReadAsStringAsync();
        var waiting = await host.Http.GetStringAsync(DashboardHtml.RunUrl(host.WaitingRuns[0]));

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", string.Join(",", script.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(DashboardHtml.Script, body);
        Assert.Contains("querySelectorAll('[data-run]')", body, StringComparison.Ordinal);
        Assert.Contains($"data-run=\"/api/runs/{host.WaitingRuns[0]}\" data-stage=\"awaiting-approval\"", waiting, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var (count, at) = (0, 0);
        while ((at = text.IndexOf(part, at, StringComparison.Ordinal)) >= 0)
        {
            (count, at) = (count + 1, at + part.Length);
        }

        return count;
    }
}
