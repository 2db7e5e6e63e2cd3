using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cd4ml.Cli.Hosting;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// Issue 13, items 1 and 9, over real HTTP against <c>cd4ml serve</c> as its own process on a private Azurite: what a
/// web page the user has open can make serve do (RELIABILITY 32), and whose name ends up on a promotion.
/// </summary>
public sealed class ServeSecurityTests
{
    private const string EvilOrigin = "https://evil.example";
    private const string OpsOrigin = "https://ops.example.com";

    [Fact]
    public async Task Item1_a_web_page_cannot_roll_the_champion_back_cross_site_or_read_through_dns_rebinding()
    {
        using var storage = PrivateAzurite.Start();
        var registry = new ModelRegistry(storage.Client);
        var pipeline = Samples.UniquePipelineName("csrf");
        await RegistrySeed.PublishManyAsync(registry, pipeline, 2);
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "seed", "first");
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "seed", "second");
        using var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Cd4ml__Http__AllowedOrigins"] = OpsOrigin,
            ["Cd4ml__Serve__AllowedHosts"] = "cd4ml.internal",
        });
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await serve.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));
        var rollback = $"/api/models/{pipeline}/rollback";
        const string Body = """{"reason": "x"}""";

        // What fetch(url, {method: 'POST', mode: 'no-cors', body}) sends from another site: text/plain and its Origin.
        var noCors = await SendAsync(http, HttpMethod.Post, rollback, new StringContent(Body, Encoding.UTF8, "text/plain"), origin: EvilOrigin);
        var form = await SendAsync(http, HttpMethod.Post, rollback, new FormUrlEncodedContent([new("reason", "x")]));
        var plainText = await SendAsync(http, HttpMethod.Post, rollback, new StringContent(Body, Encoding.UTF8, "text/plain"));
        var noType = await SendAsync(http, HttpMethod.Post, rollback, new ByteArrayContent(Encoding.UTF8.GetBytes(Body)));
        var jsonFromEvil = await SendAsync(http, HttpMethod.Post, rollback, Json(Body), origin: EvilOrigin);
        var fromSandbox = await SendAsync(http, HttpMethod.Post, rollback, Json(Body), origin: "null");
        var startFromEvil = await SendAsync(http, HttpMethod.Post, $"/api/pipelines/{pipeline}/runs", Json($$"""{"dataset": "{{pipeline}}/d.csv"}"""), origin: EvilOrigin);
        var approveAsText = await SendAsync(http, HttpMethod.Post, $"/api/runs/{pipeline}-0123456789ab-01234567/approve", new StringContent("""{"by": "x"}"""));
        var putFromEvil = await SendAsync(http, HttpMethod.Put, $"/api/models/{pipeline}/aliases/{ModelRegistry.Champion}", Json("""{"version": 1, "reason": "x"}"""), origin: EvilOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, noCors.StatusCode);
        Assert.Contains("Cd4ml__Http__AllowedOrigins", await ErrorAsync(noCors), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("Content-Type must be application/json", await ErrorAsync(form), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainText.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noType.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, jsonFromEvil.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromSandbox.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, startFromEvil.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, approveAsText.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, putFromEvil.StatusCode);
        Assert.Equal(2, (await registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(2, (await registry.ReadAuditAsync(pipeline)).Count);

        // DNS rebinding: a page at evil.example whose name now resolves to 127.0.0.1 still sends its own Host.
        var rebound = await SendAsync(http, HttpMethod.Get, $"/api/models/{pipeline}", content: null, host: "evil.example");
        var reboundWithPort = await SendAsync(http, HttpMethod.Get, $"/api/models/{pipeline}", content: null, host: $"evil.example:{serve.BaseAddress.Port}");
        var listed = await SendAsync(http, HttpMethod.Get, $"/api/models/{pipeline}", content: null, host: "cd4ml.internal");
        var localhost = await SendAsync(http, HttpMethod.Get, $"/api/models/{pipeline}", content: null, host: $"localhost:{serve.BaseAddress.Port}");
        Assert.Equal(HttpStatusCode.BadRequest, rebound.StatusCode);
        Assert.Contains("Cd4ml__Serve__AllowedHosts", await ErrorAsync(rebound), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, reboundWithPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, localhost.StatusCode);

        // The host's own origin and an allowed one are served: JSON from them moves the alias.
        var own = serve.BaseAddress.ToString().TrimEnd('/');
        var fromOwn = await SendAsync(http, HttpMethod.Post, rollback, Json("""{"reason": "from serve's own page"}"""), origin: own);
        Assert.Equal(HttpStatusCode.OK, fromOwn.StatusCode);
        var fromOps = await SendAsync(http, HttpMethod.Put, $"/api/models/{pipeline}/aliases/{ModelRegistry.Champion}", Json("""{"version": 2, "reason": "ops console"}"""), origin: OpsOrigin);
        Assert.Equal(HttpStatusCode.OK, fromOps.StatusCode);
        Assert.Equal(2, (await registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(4, (await registry.ReadAuditAsync(pipeline)).Count);
    }

    [Theory]
    [InlineData("http://0.0.0.0:{port}")]
    [InlineData("http://127.0.0.1:{port};http://*:{port2}")]
    [InlineData("http://[::]:{port}")]
    public async Task Item1_serve_refuses_to_listen_beyond_loopback_without_a_key(string urls)
    {
        var bind = urls.Replace("{port}", LoopbackPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{port2}", LoopbackPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var serve = ServeProcess.Start(new Dictionary<string, string> { ["AzureWebJobsStorage"] = Nowhere() }, "--urls", bind);

        Assert.True(await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"cd4ml serve kept running on {bind} without a key:\n{serve.Output}");
        Assert.Equal(ExitCodes.InvalidInput, serve.ExitCode);
        var line = Assert.Single(serve.Output.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(ServeOptions.ApiKeySetting, line, StringComparison.Ordinal);
        Assert.Contains("without a key", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item1_serve_listens_beyond_loopback_when_a_key_is_set()
    {
        var port = LoopbackPort.Next();
        using var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Nowhere(),
            ["Cd4ml__Serve__ApiKey"] = "k",
        }, "--urls", $"http://0.0.0.0:{port}");

        // It gets past the binding rule: whatever happens next (here storage is unreachable), the refusal is not printed.
        await serve.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.DoesNotContain("without a key", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item9_requested_by_and_an_unvouched_principal_header_never_become_who_promoted()
    {
        const string Key = "serve-key";
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("actor");
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        var marker = await DropMarkerAsync(storage);
        using var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Cd4ml__Serve__ApiKey"] = Key,
            // The poller must not start the run first: it lists once at start, then not for an hour.
            ["Cd4ml__DatasetPoller__Interval"] = "01:00:00",
            ["Cd4ml__SnapshotCacheDirectory"] = Path.Combine(Path.GetTempPath(), "cd4ml-actor-cache"),
        });
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(ApiKeyMiddleware.Header, Key);
        await serve.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));
        await WaitForFirstPollAsync(storage, marker);
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch.csv").UploadAsync(FastPipelines.Dataset());

        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/pipelines/{pipeline}/runs")
        {
            Content = JsonContent.Create(new { dataset = $"{pipeline}/batch.csv", requestedBy = "mallory" }),
        };
        start.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "mallory");
        var started = await http.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<StartRunResponse>(SpecJson.Options))!.RunId;
        var run = await serve.WaitForRunAsync(http, runId, s => s.Record is not null, TimeSpan.FromMinutes(3));

        Assert.Equal(RunOutcome.Promoted, run.Record!.Outcome);
        // The claim is kept, as a claim; who acted is the key serve checked.
        Assert.Equal(("manual", "mallory", ServeOptions.KeyActor), (run.Record.Trigger.Kind, run.Record.Trigger.RequestedBy, run.Record.Trigger.Actor));
        var manifest = await http.GetFromJsonAsync<ModelManifest>($"/api/models/{pipeline}/versions/1", SpecJson.Options);
        Assert.Equal(("mallory", ServeOptions.KeyActor), (manifest!.Trigger.RequestedBy, manifest.Trigger.Actor));
        var champion = (await http.GetFromJsonAsync<AliasResponse>($"/api/models/{pipeline}/aliases/{ModelRegistry.Champion}", SpecJson.Options))!.Record;
        Assert.Equal(ServeOptions.KeyActor, champion.By);
        Assert.DoesNotContain(await new ModelRegistry(storage.Client).ReadAuditAsync(pipeline), a => a.By.Contains("mallory", StringComparison.Ordinal));

        // A manual move whose only name is the principal header: serve has no Easy Auth, so the key acts.
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/models/{pipeline}/aliases/staging") { Content = Json("""{"version": 1, "reason": "stage it"}""") };
        put.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "mallory");
        var moved = await http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(ServeOptions.KeyActor, (await moved.Content.ReadFromJsonAsync<AliasMoveResponse>(SpecJson.Options))!.Record!.By);
    }

    /// <summary>A drop for a pipeline without a spec, made before serve starts: its receipt shows the first listing happened.</summary>
    private static async Task<string> DropMarkerAsync(AzuriteFixture storage)
    {
        var name = $"{Samples.UniquePipelineName("marker")}/m.csv";
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(name).UploadAsync(BinaryData.FromString("a\n1\n"));
        return name;
    }

    /// <summary>Waits until the poller has listed the datasets once (the marker has its receipt).</summary>
    private static async Task WaitForFirstPollAsync(AzuriteFixture storage, string marker)
    {
        var runs = storage.Client.GetBlobContainerClient(Containers.Runs);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until)
        {
            await foreach (var _ in runs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"_receipts/datasets/{marker}/", CancellationToken.None))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail("the dataset poller did not list the datasets container within 60 s");
    }

    /// <summary>A storage account nobody answers for: these tests must not reach anyone's Azurite.</summary>
    private static string Nowhere()
    {
        var endpoint = $"http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1";
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint};";
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, HttpContent? content, string? origin = null, string? host = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await http.SendAsync(request);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ApiError>(SpecJson.Options))!.Error;
}
