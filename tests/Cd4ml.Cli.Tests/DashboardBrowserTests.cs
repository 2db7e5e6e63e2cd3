using System.Net.Http.Json;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;
using Microsoft.Playwright;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// The dashboard in a real browser: the system's headless Chromium (Debian's <c>chromium</c>; scripts/test.sh installs
/// it) driven by Playwright, against <c>cd4ml serve</c> with real runs. Screenshots go to artifacts/dashboard/.
/// </summary>
public sealed partial class DashboardPagesTests
{
    private static readonly string Screenshots = Path.Combine(RepoPaths.Root, "artifacts", "dashboard");

    [Fact]
    public async Task Browser_renders_every_page_without_script_errors_with_landmarks_labels_and_keyboard_reach()
    {
        await using var browser = await BrowserAsync();
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
        page.PageError += (_, error) => errors.Add(error);

        var pages = new (string Name, string Path, string Expect)[]
        {
            ("overview", "/", host.Pipeline),
            ("pipeline", $"/api/dashboard/pipelines/{host.Pipeline}", "Alias timeline"),
            ("run", $"/api/dashboard/runs/{host.FinishedRuns[0]}", "Decision, gate by gate"),
            ("version", $"/api/dashboard/pipelines/{host.Pipeline}/versions/1?compare=1", "Facts side by side"),
            ("dataset", DashboardHtml.DatasetUrl(host.Pipeline, host.TrainedSha256), "Every column at a glance"),
            ("dataset-quarantined", DashboardHtml.DatasetUrl(host.RejectedPipeline, host.RejectedSha256), DashboardServe.HostileColumn),
            ("approval-timeline", $"/api/dashboard/pipelines/{host.ApprovalPipeline}", "approve"),
        };
        foreach (var (name, path, expect) in pages)
        {
            var response = await page.GotoAsync(new Uri(host.Serve.BaseAddress, path).ToString());
            Assert.True(response is { Ok: true }, $"{name}: HTTP {response?.Status}");
            Assert.Contains(expect, await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await AssertAccessibleAsync(page, name);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        }

        // Hostile names arrived as text: no element was injected and no script of theirs ran.
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Contains(DashboardServe.HostileReason, await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // The stored documents render under their own policy: a style it did not allow would show here as a console error.
        foreach (var (name, path) in new[]
        {
            ("card", DashboardHtml.CardUrl(host.Pipeline, 1)),
            ("quarantine-report", DashboardHtml.QuarantineReportUrl(host.RejectedPipeline, host.RejectedSha256, host.RejectedRun)),
        })
        {
            var response = await page.GotoAsync(new Uri(host.Serve.BaseAddress, path).ToString());
            Assert.True(response is { Ok: true }, $"{name}: HTTP {response?.Status}");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        }

        Assert.True(errors.Count == 0, "console errors (a CSP violation shows here): " + string.Join(" | ", errors));
    }

    [Fact]
    public async Task Browser_approves_a_waiting_run_with_name_and_reason_and_the_run_continues()
    {
        var runId = host.WaitingRuns[2];
        await using var browser = await BrowserAsync();
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(host.Serve.BaseAddress, $"/api/dashboard/runs/{runId}").ToString());
        await AssertAccessibleAsync(page, "waiting run");
        await page.GetByLabel("Your name").FillAsync("Browser Tester");
        await page.GetByLabel("Reason").FillAsync("holdout looks fine");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "run-awaiting-approval.png"), FullPage = true });

        // Reachable by keyboard: tabbing from the page's start lands on the Approve button.
        await page.Keyboard.PressAsync("Escape");
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement && document.activeElement.textContent === 'Approve'");
        }

        Assert.True(reached, "the Approve button cannot be reached with Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "approved by Browser Tester" }).WaitForAsync(new() { Timeout = 30_000 });

        var status = await host.Serve.WaitForRunAsync(host.Http, runId, s => s.Record is not null, TimeSpan.FromMinutes(2));
        Assert.NotEqual("awaiting-approval", status.Stage);
        await page.ReloadAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "run-after-approval.png"), FullPage = true });
        var history = await host.Http.GetStringAsync($"/api/models/{host.ApprovalPipeline}/history");
        Assert.Contains("Browser Tester", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_follows_a_waiting_run_answered_elsewhere_and_shows_its_report_without_a_reload_by_hand()
    {
        var runId = host.WaitingRuns[3];
        await using var browser = await BrowserAsync();
        var page = await browser.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") { errors.Add(message.Text); } };
        await page.GotoAsync(new Uri(host.Serve.BaseAddress, $"/api/dashboard/runs/{runId}").ToString());
        Assert.Contains("Waiting for approval", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("[data-run][data-stage=awaiting-approval]").CountAsync());

        // Someone else approves (the CLI, another browser): the page's script sees the run move on and loads the report.
        var approved = await host.Http.PostAsJsonAsync($"/api/runs/{runId}/approve", new { by = "elsewhere", comment = "approved from the API" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        await page.GetByText("Decision, gate by gate").WaitForAsync(new() { Timeout = 120_000 });

        Assert.DoesNotContain("Waiting for approval", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.True(errors.Count == 0, "console errors (a CSP violation shows here): " + string.Join(" | ", errors));
    }

    [Fact]
    public async Task Browser_with_javascript_off_still_reads_the_pipeline_page_filters_and_pages()
    {
        await using var browser = await BrowserAsync();
        var context = await browser.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.Serve.BaseAddress, $"/api/dashboard/pipelines/{host.Pipeline}").ToString());
        await page.GetByLabel("Outcome").SelectOptionAsync("Promoted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync("**outcome=Promoted**");

        var caption = await page.Locator("#runs ~ table caption").First.InnerTextAsync();
        Assert.StartsWith($"{(host.RolledBack ? 2 : 1)} runs with outcome Promoted", caption, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("svg.chart").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "pipeline-no-javascript.png"), FullPage = true });
    }

    /// <summary>Landmarks, a label for every form control, a caption and column headers for every table, a language.</summary>
    internal static async Task AssertAccessibleAsync(IPage page, string name)
    {
        Assert.True(await page.Locator("main").CountAsync() == 1, $"{name}: one main landmark");
        Assert.True(await page.Locator("header nav[aria-label]").CountAsync() == 1, $"{name}: a labelled navigation landmark");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        var unlabelled = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('input,select,textarea')].filter(e => !e.labels || e.labels.length === 0).length");
        Assert.True(unlabelled == 0, $"{name}: {unlabelled} form controls without a label");
        var bare = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('table')].filter(t => !t.caption || !t.querySelector('th')).length");
        Assert.True(bare == 0, $"{name}: {bare} tables without caption or header cells");
        var unnamed = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('svg[role=img]')].filter(s => !s.getAttribute('aria-label')).length");
        Assert.True(unnamed == 0, $"{name}: {unnamed} charts without a name");
    }

    internal static async Task<BrowserSession> BrowserAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CD4ML_CHROMIUM") is { Length: > 0 } configured ? configured
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null && File.Exists(chromium),
            "Chromium is required for the dashboard's browser tests: apt-get install chromium (scripts/test.sh installs it), or set CD4ML_CHROMIUM");
        Directory.CreateDirectory(Screenshots);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
        return new BrowserSession(playwright, browser);
    }

    internal sealed record BrowserSession(IPlaywright Playwright, IBrowser Browser) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
