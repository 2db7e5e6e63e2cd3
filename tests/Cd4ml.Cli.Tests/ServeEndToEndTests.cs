using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// <c>cd4ml serve</c> as its own process against Azurite: a spec pushed with <c>cd4ml pipelines push</c>, a dataset
/// dropped into the container, the run followed through <c>GET /api/runs/{id}</c> until a version is published,
/// webhooks with valid and forged signatures, then SIGTERM and a clean exit.
/// </summary>
public sealed class ServeEndToEndTests
{
    private const string Secret = "e2e-secret";

    [Fact]
    public async Task Serve_runs_a_dropped_dataset_to_a_published_version_answers_webhooks_and_stops_on_sigterm()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("e2e");
        var specFile = Path.Combine(Path.GetTempPath(), $"{pipeline}.json");
        var specJson = FastPipelines.SpecJson(pipeline);
        await File.WriteAllTextAsync(specFile, specJson);
        var (pushed, pushOutput) = await CliAsync("pipelines", "push", specFile, "--storage", storage.ConnectionString);
        Assert.True(pushed == ExitCodes.Completed, pushOutput);

        using var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Cd4ml__DatasetPoller__Interval"] = "00:00:01",
            ["Cd4ml__SnapshotCacheDirectory"] = Path.Combine(Path.GetTempPath(), "cd4ml-e2e-cache"),
            ["Cd4ml__Webhooks__GitHubSecret"] = Secret,
            [$"Cd4ml__Webhooks__Pipelines__{pipeline}__Paths"] = "models/**",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30), BaseAddress = serve.BaseAddress };
        await serve.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));

        // Dropped like any upload; the run id follows from the bytes and the spec, so the test knows where to look.
        var data = FastPipelines.Dataset();
        var uploaded = await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/drop.csv").UploadAsync(data);
        var runId = RunIds.ForDrop(pipeline, $"{Containers.Datasets}/{pipeline}/drop.csv", uploaded.Value.ETag.ToString(),
            PipelineSpecParser.Hash(PipelineSpecParser.Parse(specJson, "test")), PackageVersions.Cd4ml);
        var run = await serve.WaitForRunAsync(http, runId, s => s.Record is not null, TimeSpan.FromMinutes(3));
        Assert.Equal(RunOutcome.Promoted, run.Record?.Outcome);
        Assert.Equal(1, run.Record?.PublishedVersion);
        Assert.Equal("blob", run.Record?.Trigger.Kind);

        // Webhooks: a forged signature is refused, a signed push starts a run for its commit.
        // A commit of its own: webhooks dedupe on (repository, commit), and Azurite may keep claims from an earlier test run.
        var commit = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "cccccccc";
        var body = Encoding.UTF8.GetBytes($$"""{"ref":"refs/heads/main","after":"{{commit}}","repository":{"full_name":"octo/ml"},"commits":[{"modified":["models/a.py"]}]}""");
        var forged = await PostGitHubAsync(http, body, GitHubSignature.Compute("wrong secret", body));
        var signed = await PostGitHubAsync(http, body, GitHubSignature.Compute(Secret, body));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        var webhookRun = Assert.Single((await signed.Content.ReadFromJsonAsync<WebhookResponse>(SpecJson.Options))!.Runs);
        Assert.Equal($"{runId}-{commit[..7]}", webhookRun.RunId);

        Assert.True(await serve.TerminateAsync(TimeSpan.FromSeconds(30)), $"cd4ml serve did not stop on SIGTERM:\n{serve.Output}");
        Assert.True(serve.ExitCode == 0, serve.Output);
        Assert.Contains("cd4ml serve: stopped", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item20_serve_refuses_to_start_with_an_unresolved_key_vault_reference()
    {
        using var serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Cd4ml__Webhooks__GitHubSecret"] = "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/github/)",
        });

        Assert.True(await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)), serve.Output);
        Assert.Equal(ExitCodes.InvalidInput, serve.ExitCode);
        Assert.Contains("Cd4ml__Webhooks__GitHubSecret is an unresolved Key Vault reference", serve.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostGitHubAsync(HttpClient http, byte[] body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add(GitHubSignature.Header, signature);
        return await http.SendAsync(request);
    }

    private static async Task<(int Exit, string Output)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString() + stderr);
    }
}
