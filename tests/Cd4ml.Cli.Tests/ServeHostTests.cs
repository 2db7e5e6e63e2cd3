using System.Net;
using System.Net.Http.Json;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// <c>cd4ml serve</c>'s host in this process (RELIABILITY 18 and 20). Serve's poller and scheduler act on the whole
/// account, so each test gets an Azurite of its own.
/// </summary>
public sealed class ServeHostTests
{
    private const string Key = "serve-test-key";

    [Fact]
    public async Task Item18_management_routes_need_the_key_when_one_is_set_and_answers_never_carry_a_system_key()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("serve");
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        await using var serve = await StartAsync(storage, new() { ["Cd4ml:Serve:ApiKey"] = Key });
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var runId = $"{pipeline}-0123456789ab-01234567";

        var withoutKey = await http.GetAsync($"/api/runs/{runId}");
        var wrongKey = await SendAsync(http, HttpMethod.Get, $"/api/runs/{runId}", "not-the-key");
        var startWithoutKey = await http.PostAsJsonAsync($"/api/pipelines/{pipeline}/runs", new { dataset = $"{pipeline}/small.csv" });
        var withKey = await SendAsync(http, HttpMethod.Get, $"/api/runs/{runId}", Key);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Contains("x-functions-key", (await withoutKey.Content.ReadFromJsonAsync<ApiError>())!.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, startWithoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);
        // The other management routes of the Functions app are mapped and guarded the same way.
        foreach (var path in (string[])[$"/api/models/{pipeline}", $"/api/runs?pipeline={pipeline}"])
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
            var mapped = await SendAsync(http, HttpMethod.Get, path, Key);
            Assert.StartsWith("application/json", mapped.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }


        // With the key a run starts; the answer points at /api/runs/{id} and holds no key of any kind.
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset());
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/pipelines/{pipeline}/runs") { Content = JsonContent.Create(new { dataset = $"{pipeline}/small.csv" }) };
        start.Headers.Add(ApiKeyMiddleware.Header, Key);
        var started = await http.SendAsync(start);
        var body = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, body);
        Assert.Contains("/api/runs/", body, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("systemKey", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("runtime/webhooks", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item18_webhooks_do_not_take_the_key_they_are_authenticated_by_their_signature()
    {
        using var storage = PrivateAzurite.Start();
        await using var serve = await StartAsync(storage, new() { ["Cd4ml:Serve:ApiKey"] = Key, ["Cd4ml:Webhooks:GitHubSecret"] = "s3cret" });
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var ping = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new StringContent("{}") };
        ping.Headers.Add("X-GitHub-Event", "ping");
        ping.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        ping.Headers.Add("X-Hub-Signature-256", Pipeline.Webhooks.GitHubSignature.Compute("s3cret", "{}"u8));

        var answer = await http.SendAsync(ping);
        var forged = await http.PostAsync("/api/webhooks/github", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("X-Hub-Signature-256", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cd4ml:Serve:ApiKey", "Cd4ml__Serve__ApiKey")]
    [InlineData("Cd4ml:Webhooks:GitHubSecret", "Cd4ml__Webhooks__GitHubSecret")]
    public async Task Item20_a_key_vault_reference_that_was_never_resolved_stops_serve_at_start_up(string key, string appSetting)
    {
        var app = ServeHost.Build(new ServeSettings($"http://127.0.0.1:{LoopbackPort.Next()}", "UseDevelopmentStorage=true"),
            new Dictionary<string, string?> { [key] = "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s/)" });
        await using (app)
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains(failure.Failures, f => f.Contains(appSetting, StringComparison.Ordinal) && f.Contains("Key Vault", StringComparison.Ordinal));
        }
    }

    private static async Task<Serve> StartAsync(AzuriteFixture storage, Dictionary<string, string?> settings)
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Next()}";
        var app = ServeHost.Build(new ServeSettings(url, storage.ConnectionString), settings);
        await app.StartAsync();
        return new Serve(app, new Uri(url));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApiKeyMiddleware.Header, key);
        return await http.SendAsync(request);
    }

    private sealed record Serve(WebApplication App, Uri BaseAddress) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
