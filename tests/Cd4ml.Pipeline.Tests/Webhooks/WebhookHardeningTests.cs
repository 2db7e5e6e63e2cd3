using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>
/// Issue 13, item 5: pushes from repositories not allowed, replays under fresh delivery ids, malformed commit ids,
/// specs from older commits, and claims left behind by a crash. On the real Durable worker and Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhookHardeningTests(AzuriteFixture storage)
{
    private const string Allowed = "octo/ml";

    [Fact]
    public async Task A_push_from_a_repository_not_in_the_allow_list_is_403_logged_and_starts_nothing()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        var logs = new LogLines();
        await using var host = await HostAsync(pipeline, logs: logs);
        await PushSpecAndDataAsync(pipeline);
        var delivery = Delivery();
        var body = Push("evil/ml", "main", Commit(), paths: [$"models/{pipeline}/train.py"]);

        var answer = await CallAsync(host, WebhookRequests.GitHub("push", delivery, body));

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
        Assert.Contains("repository 'evil/ml' is not in Cd4ml:Webhooks:Repositories", Assert.Single(answer.Read<WebhookResponse>().Reasons), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("evil/ml", StringComparison.Ordinal) && l.Contains("403", StringComparison.Ordinal));
        Assert.Empty(await InstancesAsync(host));
        Assert.False(await Blob(Containers.Runs, DeliveryLedger.BlobName(PushEvent.GitHub, delivery)).ExistsAsync());
    }

    [Fact]
    public async Task A_push_from_an_allowed_repository_is_accepted_whatever_the_case_of_its_name()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);

        var answer = await CallAsync(host, WebhookRequests.GitHub("push", Delivery(), Push("Octo/ML", "main", Commit(), paths: [$"models/{pipeline}/train.py"])));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        Assert.Single(await InstancesAsync(host));
    }

    [Fact]
    public async Task A_captured_push_replayed_under_a_fresh_delivery_id_starts_nothing_more()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);
        var (first, replay) = (Delivery(), Delivery());
        var body = Push(Allowed, "main", Commit(), paths: [$"models/{pipeline}/train.py"]);

        var original = await CallAsync(host, WebhookRequests.GitHub("push", first, body));
        var replayed = await CallAsync(host, WebhookRequests.GitHub("push", replay, body));
        var again = await CallAsync(host, WebhookRequests.GitHub("push", replay, body));

        Assert.Equal(StatusCodes.Status202Accepted, original.Status);
        Assert.Equal(StatusCodes.Status200OK, replayed.Status);
        var response = replayed.Read<WebhookResponse>();
        Assert.Equal("duplicate", response.Status);
        Assert.Contains(response.Reasons, r => r.Contains($"repeats delivery {first}", StringComparison.Ordinal));
        Assert.Equal(Assert.Single(original.Read<WebhookResponse>().Runs).RunId, Assert.Single(response.Runs).RunId);
        Assert.Equal("duplicate", again.Read<WebhookResponse>().Status);
        Assert.Single(await InstancesAsync(host));
    }

    [Theory]
    [InlineData("after", "abc1234")]
    [InlineData("after", "../../../../pipelines/x")]
    [InlineData("after", "0123456789abcdef0123456789abcdef0123456g")]
    [InlineData("before", "0123456789abcdef0123456789abcdef012345678")]
    [InlineData("commit", "..%2f..%2fx")]
    public async Task A_commit_id_that_is_not_40_hex_characters_is_400_naming_the_field_and_nothing_is_stored(string field, string value)
    {
        var pipeline = Samples.UniquePipelineName("wh");
        await using var host = await HostAsync(pipeline);
        await PushSpecAndDataAsync(pipeline);
        var delivery = Delivery();
        var payload = JsonNode.Parse(Push(Allowed, "main", Commit(), paths: [$"models/{pipeline}/train.py"]))!.AsObject();
        if (field == "commit")
        {
            payload["commits"]![0]!["id"] = value;
        }
        else
        {
            payload[field] = value;
        }

        var answer = await CallAsync(host, WebhookRequests.GitHub("push", delivery, Encoding.UTF8.GetBytes(payload.ToJsonString())));

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        var error = answer.Read<ApiError>().Error;
        Assert.Contains(field == "commit" ? "$.commits[0].id" : $"$.{field}", error, StringComparison.Ordinal);
        Assert.Contains("40 hexadecimal characters", error, StringComparison.Ordinal);
        Assert.Empty(await InstancesAsync(host));
        Assert.False(await Blob(Containers.Runs, DeliveryLedger.BlobName(PushEvent.GitHub, delivery)).ExistsAsync());
    }

    [Fact]
    public async Task A_claim_left_received_by_a_crash_is_taken_over_after_the_claim_timeout_and_a_fresh_one_is_not()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await HostAsync(pipeline, clock: clock);
        await PushSpecAndDataAsync(pipeline);
        var (delivery, commit) = (Delivery(), Commit());
        var body = Push(Allowed, "main", commit, paths: [$"models/{pipeline}/train.py"]);
        // What a process that died while handling the delivery leaves: its claims, still "received".
        var left = new DeliveryRecord(PushEvent.GitHub, delivery, clock.Now, Allowed, commit, null, DeliveryLedger.Received, [], []);
        await Blob(Containers.Runs, DeliveryLedger.BlobName(PushEvent.GitHub, delivery)).UploadAsync(BinaryData.FromObjectAsJson(left, SpecJson.Options));
        await Blob(Containers.Runs, DeliveryLedger.CommitBlobName(PushEvent.GitHub, Allowed, commit)).UploadAsync(BinaryData.FromObjectAsJson(left, SpecJson.Options));

        clock.Now += TimeSpan.FromMinutes(4);
        var early = await CallAsync(host, WebhookRequests.GitHub("push", delivery, body));
        clock.Now += TimeSpan.FromMinutes(2);
        var late = await CallAsync(host, WebhookRequests.GitHub("push", delivery, body));

        Assert.Equal("duplicate", early.Read<WebhookResponse>().Status);
        Assert.Equal(StatusCodes.Status202Accepted, late.Status);
        Assert.Equal("started", Assert.Single(late.Read<WebhookResponse>().Runs).Status);
        Assert.Single(await InstancesAsync(host));
        var record = await host.Get<DeliveryLedger>().ReadAsync(PushEvent.GitHub, delivery);
        Assert.Equal("accepted", record!.Status);
    }

    [Fact]
    public async Task A_late_push_of_an_older_commit_does_not_replace_the_spec_and_its_pipeline_is_skipped_with_the_reason()
    {
        var pipeline = Samples.UniquePipelineName("wh");
        var (c1, c2) = (Commit(), Commit());
        var path = $"/api/v3/repos/{Allowed}/contents/pipelines/{pipeline}.json";
        using var github = new FakeGitHubContents(new()
        {
            [(path, c1)] = SpecWithSeed(pipeline, 5),
            [(path, c2)] = SpecWithSeed(pipeline, 7),
        });
        await using var host = await HostAsync(pipeline, new()
        {
            ["Cd4ml:Webhooks:GitHubToken"] = "test-token",
            ["Cd4ml:Webhooks:GitHubApiBase"] = $"{github.BaseUri}api/v3",
        });
        await PushSpecAndDataAsync(pipeline);
        var spec = $"pipelines/{pipeline}.json";

        // c2 (10:00) is delivered first; c1 (09:00, its parent) arrives late.
        var newer = await CallAsync(host, WebhookRequests.GitHub("push", Delivery(), Push(Allowed, "main", c2, before: c1, at: "2025-06-01T10:00:00Z", paths: [spec])));
        var older = await CallAsync(host, WebhookRequests.GitHub("push", Delivery(), Push(Allowed, "main", c1, before: Commit(), at: "2025-06-01T09:00:00Z", paths: [spec])));

        Assert.Equal(StatusCodes.Status202Accepted, newer.Status);
        Assert.Equal(StatusCodes.Status200OK, older.Status);
        var skipped = Assert.Single(older.Read<WebhookResponse>().Runs);
        Assert.Equal("skipped", skipped.Status);
        Assert.Contains($"comes from {Allowed} branch main at {c2}", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains("an older commit does not replace a newer spec", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(SpecWithSeed(pipeline, 7), (await Blob(Containers.Pipelines, $"{pipeline}.json").DownloadContentAsync()).Value.Content.ToString());
        Assert.Single(await InstancesAsync(host));
    }

    private Task<PipelineTestHost> HostAsync(string pipeline, Dictionary<string, string?>? extra = null, LogLines? logs = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cd4ml:Webhooks:GitHubSecret"] = WebhookRequests.Secret,
            ["Cd4ml:Webhooks:Repositories"] = $"{Allowed}; other/repo",
            ["Cd4ml:Webhooks:ClaimTimeout"] = "00:05:00",
            [$"Cd4ml:Webhooks:Pipelines:{pipeline}:Paths"] = $"models/{pipeline}/**",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return PipelineTestHost.StartAsync(storage, settings: settings, configureServices: services =>
        {
            if (logs is not null)
            {
                services.AddSingleton<ILoggerProvider>(logs);
            }

            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
    }

    private async Task PushSpecAndDataAsync(string pipeline)
    {
        await Blob(Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)), overwrite: true);
        await Blob(Containers.Datasets, $"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset(), overwrite: true);
    }

    private static string SpecWithSeed(string pipeline, int seed) =>
        FastPipelines.SpecJson(pipeline).Replace("\"seed\":42", $"\"seed\":{seed}", StringComparison.Ordinal);

    /// <summary>A signed GitHub push payload.</summary>
    internal static byte[] Push(string repository, string branch, string commit, string? before = null, string at = "2025-06-01T10:00:00+02:00", params string[] paths) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["ref"] = $"refs/heads/{branch}",
            ["before"] = before ?? new string('1', 40),
            ["after"] = commit,
            ["repository"] = new JsonObject { ["full_name"] = repository },
            ["head_commit"] = new JsonObject { ["id"] = commit, ["timestamp"] = at },
            ["commits"] = new JsonArray(new JsonObject
            {
                ["id"] = commit,
                ["added"] = new JsonArray(),
                ["modified"] = new JsonArray([.. paths.Select(m => (JsonNode)JsonValue.Create(m)!)]),
                ["removed"] = new JsonArray(),
            }),
        }.ToJsonString());

    private Azure.Storage.Blobs.BlobClient Blob(string container, string name) => storage.Client.GetBlobContainerClient(container).GetBlobClient(name);

    private static async Task<WebhookRequests.Answer> CallAsync(PipelineTestHost host, HttpRequest request) =>
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

    private static string Delivery() => Guid.NewGuid().ToString();

    private static string Commit() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "01234567";

    /// <summary>Every log line the host writes, formatted.</summary>
    private sealed class LogLines : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
