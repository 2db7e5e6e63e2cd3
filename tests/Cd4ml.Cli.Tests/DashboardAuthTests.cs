using System.Net;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Testing;
using Microsoft.Playwright;

namespace Cd4ml.Cli.Tests;

/// <summary>The dashboard in a browser on <c>cd4ml serve</c> with a key: signed in once, it stays reachable link to link.</summary>
public sealed class DashboardAuthTests
{
    private const string Key = "dashboard-key-0123";

    [Fact]
    public async Task Browser_signs_in_once_with_the_key_and_gets_an_httponly_strict_cookie_that_keeps_links_working()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("auth");
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        using var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            [ServeOptions.ApiKeySetting] = Key,
        });
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(ApiKeyMiddleware.Header, Key);
        await serve.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));
        using var anonymous = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        await using var browser = await DashboardPagesTests.BrowserAsync();
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var overview = new Uri(serve.BaseAddress, DashboardHtml.Root).ToString();

        // Without the key: a sign-in page (HTML, not the API's JSON), and a wrong key is refused there.
        var first = await page.GotoAsync(overview);
        Assert.Equal((int)HttpStatusCode.Unauthorized, first!.Status);
        await DashboardPagesTests.AssertAccessibleAsync(page, "sign-in");
        await page.GetByLabel("Key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Alert).WaitForAsync();
        Assert.Empty(await context.CookiesAsync());

        // The right key in the form: a cookie, and the page again without the key in its address.
        await page.GetByLabel("Key").FillAsync(Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(overview);
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.Equal(ApiKeyMiddleware.Cookie, cookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(Key, cookie.Value, StringComparison.Ordinal);

        // Links keep working: the pipeline page, reached by clicking.
        await page.GetByRole(AriaRole.Link, new() { Name = pipeline }).ClickAsync();
        await page.WaitForURLAsync($"**{DashboardHtml.PipelineUrl(pipeline)}");
        Assert.Contains("Alias timeline", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // ?key= on a link signs a fresh browser in the same way; the API itself still wants the header, not a query key.
        var other = await browser.Browser.NewContextAsync();
        var linked = await other.NewPageAsync();
        var answer = await linked.GotoAsync($"{new Uri(serve.BaseAddress, DashboardHtml.PipelineUrl(pipeline))}?key={Key}");
        Assert.Equal((int)HttpStatusCode.OK, answer!.Status);
        Assert.DoesNotContain("key=", linked.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/runs?key={Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(DashboardHtml.Root)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(DashboardHtml.ScriptUrl)).StatusCode);
    }
}
