using System.Net;
using System.Net.Http.Json;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Dashboard;

namespace Cd4ml.Cli.Tests;

/// <summary>The dashboard's pages over HTTP from <c>cd4ml serve</c> with real runs: content, security headers, encoding.</summary>
public sealed partial class DashboardPagesTests(DashboardServe host) : IClassFixture<DashboardServe>
{
    [Fact]
    public async Task Root_redirects_to_the_overview_which_lists_every_pipeline_with_champion_and_last_run()
    {
        var answer = await host.Http.GetAsync("/");
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(DashboardHtml.Root, answer.RequestMessage!.RequestUri!.AbsolutePath);
        AssertSafePage(answer, html);
        Assert.Contains($"href=\"/api/dashboard/pipelines/{host.Pipeline}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/dashboard/pipelines/{host.ApprovalPipeline}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/dashboard/pipelines/{host.Pipeline}/versions/1\">v1</a>", html, StringComparison.Ordinal);
        Assert.Contains("Promotions per week", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_page_shows_runs_versions_chart_and_timeline_and_encodes_what_people_typed()
    {
        var answer = await host.Http.GetAsync($"/api/dashboard/pipelines/{host.Pipeline}");
        var html = await answer.Content.ReadAsStringAsync();
        var promotedOnly = await host.Http.GetStringAsync($"/api/dashboard/pipelines/{host.Pipeline}?outcome=Promoted");
        var keptOnly = await host.Http.GetStringAsync($"/api/dashboard/pipelines/{host.Pipeline}?outcome=DataRejected");

        AssertSafePage(answer, html);
        foreach (var run in host.FinishedRuns)
        {
            Assert.Contains(run, html, StringComparison.Ordinal);
        }

        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("Alias timeline", html, StringComparison.Ordinal);
        Assert.Equal(host.RolledBack, html.Contains("<td>rollback</td>", StringComparison.Ordinal));
        Assert.Contains($"{(host.RolledBack ? 2 : 1)} runs with outcome Promoted", promotedOnly, StringComparison.Ordinal);
        Assert.Contains("0 runs with outcome DataRejected", keptOnly, StringComparison.Ordinal);

        // The runs came to the page from the index blob the report activity keeps, not from reading every report.
        var index = await host.Storage.Client.GetBlobContainerClient(Containers.Runs).GetBlobClient(DashboardIndexStore.RunsIndexBlob(host.Pipeline)).DownloadContentAsync();
        Assert.Equal(2, index.Value.Content.ToObjectFromJson<List<RunRow>>(Core.Specs.SpecJson.Options)!.Count);
    }

    [Fact]
    public async Task Names_and_reasons_people_typed_reach_the_pages_encoded()
    {
        var timeline = await host.Http.GetStringAsync($"/api/dashboard/pipelines/{host.ApprovalPipeline}");
        var run = await host.Http.GetStringAsync($"/api/dashboard/runs/{host.FinishedRuns[0]}");

        Assert.Contains(WebUtility.HtmlEncode(DashboardServe.HostileReason), timeline, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(DashboardServe.HostileName), timeline, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(DashboardServe.HostileName), run, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardServe.HostileReason, timeline, StringComparison.Ordinal);
        Assert.DoesNotContain(DashboardServe.HostileName, run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_page_shows_the_decision_gate_by_gate_and_a_waiting_run_offers_approve_and_reject()
    {
        var finished = await host.Http.GetAsync($"/api/dashboard/runs/{host.FinishedRuns[0]}");
        var html = await finished.Content.ReadAsStringAsync();
        var waiting = await host.Http.GetStringAsync($"/api/dashboard/runs/{host.WaitingRuns[0]}");

        AssertSafePage(finished, html);
        Assert.Contains("Decision, gate by gate", html, StringComparison.Ordinal);
        Assert.Contains("Candidates", html, StringComparison.Ordinal);
        Assert.Contains("Checks", html, StringComparison.Ordinal);
        Assert.Contains("Waiting for approval", waiting, StringComparison.Ordinal);
        Assert.Contains($"data-answer=\"/api/runs/{host.WaitingRuns[0]}\"", waiting, StringComparison.Ordinal);
        Assert.Contains("<label>Your name<input name=\"by\"", waiting, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_page_compares_two_versions_side_by_side_and_unknown_things_are_404_pages()
    {
        var answer = await host.Http.GetAsync($"/api/dashboard/pipelines/{host.Pipeline}/versions/1?compare=1");
        var html = await answer.Content.ReadAsStringAsync();
        var missing = await host.Http.GetAsync($"/api/dashboard/pipelines/{host.Pipeline}/versions/99");
        var badRun = await host.Http.GetAsync($"/api/dashboard/runs/{Uri.EscapeDataString("<b>")}");

        AssertSafePage(answer, html);
        Assert.Contains("Facts side by side", html, StringComparison.Ordinal);
        Assert.Contains("metric auc", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badRun.StatusCode);
        Assert.Contains("&lt;b&gt;", await badRun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_route_answers_json_for_the_pipelines_with_their_promotions()
    {
        var report = await host.Http.GetFromJsonAsync<DeliveryMetricsReport>($"/api/metrics?pipeline={host.Pipeline}", Core.Specs.SpecJson.Options);

        Assert.NotNull(report);
        var m = Assert.Single(report.Pipelines);
        Assert.Equal(host.RolledBack ? 2 : 1, m.Promotions);
        Assert.Equal(host.RolledBack ? 1 : 0, m.Rollbacks);
        Assert.Equal(host.RolledBack ? 1 : 0, m.FailedPromotions);
        Assert.True(m.LeadTimeSamples >= 1);
    }

    private static void AssertSafePage(HttpResponseMessage answer, string html)
    {
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        // The one script is loaded from this origin; nothing inline (the policy would refuse it anyway).
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains($"<script src=\"{DashboardHtml.ScriptUrl}\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\">", html, StringComparison.Ordinal);
    }
}
