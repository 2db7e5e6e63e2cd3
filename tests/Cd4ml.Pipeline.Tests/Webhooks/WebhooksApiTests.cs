using System.Diagnostics;
using System.Net;
using System.Text;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>
/// RELIABILITY 15-17 and 19 for <c>POST /api/webhooks/github</c> and <c>/azure-devops</c>: the handlers both hosts
/// call, on the real Durable worker and Azurite. Each test has its own Durable host, so "nothing started" is exact.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhooksApiTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData("none")]
    [InlineData("sha1-only")]
    [InlineData("wrong")]
    [InlineData("reserialised")]
    public async Task Item15_an_unsigned_or_forged_push_is_401_and_starts_nothing(string forgery)
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);
        var body = WebhookRequests.GitHubPush("main", Commit(), $"models/{pipeline}/train.py");
        var request = forgery switch
        {
            "none" => WebhookRequests.GitHub("push", Delivery(), body, signature: null),
            "sha1-only" => WebhookRequests.GitHub("push", Delivery(), body, signature: null),
            "wrong" => WebhookRequests.GitHub("push", Delivery(), body, GitHubSignature.Compute("not the secret", body)),
            _ => WebhookRequests.GitHub("push", Delivery(), Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(",", ", ", StringComparison.Ordinal)),
                GitHubSignature.Compute(WebhookRequests.Secret, body)),
        };
        if (forgery == "sha1-only")
        {
            request.Headers[GitHubSignature.LegacyHeader] = "sha1=0123456789abcdef0123456789abcdef01234567";
        }

        var answer = await CallGitHubAsync(host, request);

        Assert.Equal(StatusCodes.Status401Unauthorized, answer.Status);
        Assert.NotEmpty(answer.Read<ApiError>().Error);
        await AssertNothingStartedAsync(host);
    }

    [Fact]
    public async Task Item16_the_same_delivery_twice_starts_one_run()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);
        var (delivery, commit) = (Delivery(), Commit());
        var body = WebhookRequests.GitHubPush("main", commit, $"models/{pipeline}/train.py");

        var first = await CallGitHubAsync(host, WebhookRequests.GitHub("push", delivery, body));
        var second = await CallGitHubAsync(host, WebhookRequests.GitHub("push", delivery, body));

        Assert.Equal(StatusCodes.Status202Accepted, first.Status);
        var run = Assert.Single(first.Read<WebhookResponse>().Runs);
        Assert.Equal("started", run.Status);
        Assert.EndsWith($"-{commit[..7]}", run.RunId, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status200OK, second.Status);
        var repeated = second.Read<WebhookResponse>();
        Assert.Equal("duplicate", repeated.Status);
        Assert.Equal(run.RunId, Assert.Single(repeated.Runs).RunId);
        Assert.Single(await InstancesAsync(host));
    }

    [Theory]
    [InlineData("issues", "main", "models/{p}/train.py", "event 'issues' is not handled")]
    [InlineData("push", "feature/x", "models/{p}/train.py", "branch 'feature/x' is not watched")]
    [InlineData("push", "main", "docs/readme.md", "no changed path matches")]
    public async Task Item16_unsubscribed_events_other_branches_and_untouched_paths_are_2xx_ignored_with_the_reason(
        string eventName, string branch, string path, string reason)
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);
        var body = WebhookRequests.GitHubPush(branch, Commit(), path.Replace("{p}", pipeline, StringComparison.Ordinal));

        var answer = await CallGitHubAsync(host, WebhookRequests.GitHub(eventName, Delivery(), body));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var response = answer.Read<WebhookResponse>();
        Assert.Equal("ignored", response.Status);
        Assert.Contains(response.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
        await AssertNothingStartedAsync(host);
    }

    [Fact]
    public async Task Ping_is_answered_200_and_starts_nothing()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);

        var answer = await CallGitHubAsync(host, WebhookRequests.GitHub("ping", Delivery(), Encoding.UTF8.GetBytes("{\"zen\":\"Keep it logically awesome.\"}")));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("pong", answer.Read<WebhookResponse>().Status);
        await AssertNothingStartedAsync(host);
    }

    [Fact]
    public async Task Item17_the_webhook_answers_202_within_10_s_before_the_run_completes_and_the_run_records_repository_and_commit()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        // The full sample spec and batch: three trainers take far longer than the answer may.
        await Blob(Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(Samples.CreditSpecJson(pipeline)), overwrite: true);
        await Blob(Containers.Datasets, $"{pipeline}/batch-1.csv").UploadAsync(RepoPaths.CreditBatch1, overwrite: true);
        var (delivery, commit) = (Delivery(), Commit());
        var body = WebhookRequests.GitHubPush("main", commit, $"models/{pipeline}/train.py");

        var clock = Stopwatch.StartNew();
        var answer = await CallGitHubAsync(host, WebhookRequests.GitHub("push", delivery, body));
        var answeredIn = clock.Elapsed;
        var run = Assert.Single(answer.Read<WebhookResponse>().Runs);
        var atAnswer = await host.Client.GetInstanceAsync(run.RunId!);

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        Assert.True(answeredIn < TimeSpan.FromSeconds(10), $"answered in {answeredIn}");
        Assert.NotNull(atAnswer);
        Assert.False(atAnswer.IsCompleted, "the handler waited for the run");
        Assert.Equal($"/api/runs/{run.RunId}", run.StatusUri);

        var completed = await host.Client.WaitForInstanceCompletionAsync(run.RunId!, getInputsAndOutputs: true, Timeout());
        var record = completed.ReadOutputAs<RunRecord>()!;
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal("webhook", record.Trigger.Kind);
        Assert.Equal(WebhookRequests.Repository, record.Trigger.Source);
        Assert.Equal(commit, record.Trigger.Commit);
        Assert.Equal(delivery, record.Trigger.DeliveryId);
        Assert.Equal($"{Containers.Datasets}/{pipeline}/batch-1.csv", record.Dataset.SourceBlob);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Item19_an_oversized_body_is_413_and_starts_nothing(bool declaresItsLength)
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);
        var body = Encoding.UTF8.GetBytes($"{{\"pad\":\"{new string('x', WebhooksApi.MaxBodyBytes)}\"}}");
        var request = WebhookRequests.GitHub("push", Delivery(), body);
        request.ContentLength = declaresItsLength ? body.Length : null;

        var answer = await CallGitHubAsync(host, request);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, answer.Status);
        await AssertNothingStartedAsync(host);
    }

    [Theory]
    [InlineData("{\"ref\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{\"ref\": \"refs/heads/main\", \"after\": \"abc\"}")]
    public async Task Item19_a_malformed_signed_payload_is_400_naming_the_problem_and_starts_nothing(string payload)
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);

        var answer = await CallGitHubAsync(host, WebhookRequests.GitHub("push", Delivery(), Encoding.UTF8.GetBytes(payload)));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.StartsWith("not a push payload", answer.Read<ApiError>().Error, StringComparison.Ordinal);
        await AssertNothingStartedAsync(host);
    }

    [Fact]
    public async Task Item19_a_push_for_an_unknown_pipeline_is_404_and_starts_nothing()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        var body = WebhookRequests.GitHubPush("main", Commit(), $"models/{pipeline}/train.py");

        var answer = await CallGitHubAsync(host, WebhookRequests.GitHub("push", Delivery(), body));

        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Contains($"unknown pipeline '{pipeline}'", Assert.Single(answer.Read<WebhookResponse>().Reasons), StringComparison.Ordinal);
        await AssertNothingStartedAsync(host);
    }

    [Fact]
    public async Task A_changed_spec_is_fetched_from_github_at_the_commit_and_stored_before_the_run()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        var commit = Commit();
        var changed = FastPipelines.SpecJson(pipeline).Replace("\"seed\":42", "\"seed\":7", StringComparison.Ordinal);
        using var github = new FakeGitHubContents($"/api/v3/repos/{WebhookRequests.Repository}/contents/pipelines/{pipeline}.json", commit, changed);
        await using var host = await HostAsync(pipeline, new()
        {
            ["Cd4ml:Webhooks:GitHubToken"] = "test-token",
            ["Cd4ml:Webhooks:GitHubApiBase"] = $"{github.BaseUri}api/v3",
        });
        await PushSpecAndDataAsync(pipeline);
        var body = WebhookRequests.GitHubPush("main", commit, $"pipelines/{pipeline}.json");

        var answer = await CallGitHubAsync(host, WebhookRequests.GitHub("push", Delivery(), body));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        var request = Assert.Single(github.Requests);
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.Equal("application/vnd.github.raw+json", request.Accept);
        var stored = (await Blob(Containers.Pipelines, $"{pipeline}.json").DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(changed, stored);
        var run = Assert.Single(answer.Read<WebhookResponse>().Runs);
        var instance = await host.Client.GetInstanceAsync(run.RunId!, getInputsAndOutputs: true);
        Assert.Contains("\"seed\":7", instance!.SerializedInput, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Azure_devops_push_with_the_right_basic_credentials_starts_a_run_and_wrong_ones_are_401()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline, new()
        {
            ["Cd4ml:Webhooks:AzureDevOpsUser"] = "hook",
            ["Cd4ml:Webhooks:AzureDevOpsPassword"] = "pw",
        });
        await PushSpecAndDataAsync(pipeline);
        var api = host.Get<WebhooksApi>();
        var body = WebhookRequests.AzureDevOpsPush(Delivery(), "main", Commit());

        var refused = await WebhookRequests.ExecuteAsync(await api.AzureDevOpsAsync(WebhookRequests.AzureDevOps(body, "hook", "wrong"), host.Client));
        await AssertNothingStartedAsync(host);
        var accepted = await WebhookRequests.ExecuteAsync(await api.AzureDevOpsAsync(WebhookRequests.AzureDevOps(body, "hook", "pw"), host.Client));

        Assert.Equal(StatusCodes.Status401Unauthorized, refused.Status);
        Assert.Equal(StatusCodes.Status202Accepted, accepted.Status);
        Assert.Equal("started", Assert.Single(accepted.Read<WebhookResponse>().Runs).Status);
    }

    private Task<PipelineTestHost> HostAsync(string pipeline, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cd4ml:Webhooks:GitHubSecret"] = WebhookRequests.Secret,
            [$"Cd4ml:Webhooks:Pipelines:{pipeline}:Paths"] = $"models/{pipeline}/**",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return PipelineTestHost.StartAsync(storage, settings: settings);
    }

    private async Task PushSpecAndDataAsync(string pipeline)
    {
        await Blob(Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)), overwrite: true);
        await Blob(Containers.Datasets, $"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset(), overwrite: true);
    }

    private Azure.Storage.Blobs.BlobClient Blob(string container, string name) => storage.Client.GetBlobContainerClient(container).GetBlobClient(name);

    private static async Task<WebhookRequests.Answer> CallGitHubAsync(PipelineTestHost host, HttpRequest request) =>
        await WebhookRequests.ExecuteAsync(await host.Get<WebhooksApi>().GitHubAsync(request, host.Client));

    private static async Task<List<OrchestrationMetadata>> InstancesAsync(PipelineTestHost host)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        return instances;
    }

    private static async Task AssertNothingStartedAsync(PipelineTestHost host) => Assert.Empty(await InstancesAsync(host));

    private static string Delivery() => Guid.NewGuid().ToString();

    private static string Commit() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "01234567";

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
