using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Events;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// Item 31: <c>cd4ml serve</c> as a real process on the Azure Storage durable backend over a private Azurite, killed
/// with SIGKILL mid-run and started again. Each test owns the processes it starts and kills them in <c>finally</c>
/// (the <c>using</c>s), and waits for every state with a bound.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Killed_during_training_the_same_run_resumes_after_a_restart_and_publishes_exactly_one_version()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("crash");
        // Four LightGbm candidates on the whole first batch: a training stage long enough to be killed in.
        var specJson = Spec(pipeline, spec => spec["trainers"] = new JsonArray(new JsonObject
        {
            ["name"] = "LightGbm",
            ["parameters"] = new JsonObject { ["numberOfIterations"] = new JsonArray(300, 350, 400, 450), ["numberOfLeaves"] = 31 },
        }));
        var environment = Environment(storage, pipeline);
        var runId = await DropAsync(storage, pipeline, specJson, FastPipelines.Dataset(rows: 2500));

        using (var first = ServeProcess.Start(environment))
        {
            using var http = Client(first);
            await first.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));
            await first.WaitForRunAsync(http, runId, s => s.Stage == RunStages.Training, RunLimit);
            first.KillHard();
        }

        Assert.Null(await new RunReportStore(storage.Client).ReadAsync(pipeline, runId));
        using var second = ServeProcess.Start(environment);
        using var http2 = Client(second);
        await second.WaitUntilListeningAsync(http2, TimeSpan.FromSeconds(90));
        var done = await second.WaitForRunAsync(http2, runId, s => s.Record is not null, RunLimit);

        Assert.Equal(runId, done.Record!.RunId);
        Assert.True(done.Record.Outcome == RunOutcome.Promoted, done.Record.Message);
        Assert.Equal(4, done.Record.Candidates.Count);
        Assert.Equal([1], await VersionsAsync(storage, pipeline));
        Assert.Single(await AuditLinesAsync(storage, pipeline));
    }

    [Fact]
    public async Task Killed_while_awaiting_approval_the_approval_is_still_accepted_and_the_timeout_still_fires_after_a_restart()
    {
        using var storage = PrivateAzurite.Start();
        var approved = Samples.UniquePipelineName("approve");
        var expiring = Samples.UniquePipelineName("expire");
        var environment = Environment(storage, approved);
        var approvedRun = await DropAsync(storage, approved, Spec(approved, spec =>
        {
            spec["trainers"] = new JsonArray(new JsonObject { ["name"] = "SdcaLogisticRegression" });
            spec["approval"] = "manual";
        }), FastPipelines.Dataset());
        var expiringRun = await DropAsync(storage, expiring, Spec(expiring, spec =>
        {
            spec["trainers"] = new JsonArray(new JsonObject { ["name"] = "SdcaLogisticRegression" });
            spec["approval"] = "manual";
            spec["approvalTimeout"] = "45s";
        }), FastPipelines.Dataset());

        using (var first = ServeProcess.Start(environment))
        {
            using var http = Client(first);
            await first.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));
            await first.WaitForRunAsync(http, approvedRun, s => s.Stage == RunStages.AwaitingApproval, RunLimit);
            await first.WaitForRunAsync(http, expiringRun, s => s.Stage == RunStages.AwaitingApproval, RunLimit);
            first.KillHard();
        }

        using var second = ServeProcess.Start(environment);
        using var http2 = Client(second);
        await second.WaitUntilListeningAsync(http2, TimeSpan.FromSeconds(90));
        await second.WaitForRunAsync(http2, approvedRun, s => s.Stage == RunStages.AwaitingApproval, RunLimit);
        var answer = await http2.PostAsJsonAsync($"/api/runs/{approvedRun}/approve", new ApprovalBody("dana", "checked the card"), SpecJson.Options);
        Assert.True(answer.StatusCode == HttpStatusCode.Accepted || answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());

        var promoted = await second.WaitForRunAsync(http2, approvedRun, s => s.Record is not null, RunLimit);
        Assert.True(promoted.Record!.Outcome == RunOutcome.Promoted, promoted.Record.Message);
        Assert.Equal([1], await VersionsAsync(storage, approved));
        var expired = await second.WaitForRunAsync(http2, expiringRun, s => s.Record is not null, RunLimit);
        Assert.Equal(RunOutcome.Expired, expired.Record!.Outcome);
        Assert.Empty(await VersionsAsync(storage, expiring));
    }

    [Theory]
    [InlineData(CrashPoints.VersionWritten)]
    [InlineData(CrashPoints.AliasMoved)]
    public async Task Killed_during_publishing_the_restarted_run_leaves_one_version_one_alias_move_one_audit_line_and_one_event(string crashPoint)
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("publish");
        var environment = Environment(storage, pipeline);
        var runId = await DropAsync(storage, pipeline, FastPipelines.SpecJson(pipeline), FastPipelines.Dataset());

        // The first process dies at the crash point, inside the publish activity, between two writes.
        using (var first = ServeProcess.Start(new Dictionary<string, string>(environment) { [CrashPoints.Variable] = crashPoint }))
        {
            Assert.True(await first.WaitForExitAsync(RunLimit), $"serve did not reach {crashPoint}:\n{first.Output}");
            Assert.NotEqual(0, first.ExitCode);
        }

        Assert.Null(await new RunReportStore(storage.Client).ReadAsync(pipeline, runId));
        using var second = ServeProcess.Start(environment);
        using var http = Client(second);
        await second.WaitUntilListeningAsync(http, TimeSpan.FromSeconds(90));
        var done = await second.WaitForRunAsync(http, runId, s => s.Record is not null, RunLimit);

        Assert.True(done.Record!.Outcome == RunOutcome.Promoted, done.Record.Message);
        Assert.Equal([1], await VersionsAsync(storage, pipeline));
        var alias = await storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{pipeline}/aliases/champion.json").DownloadContentAsync();
        Assert.Equal(1, JsonNode.Parse(alias.Value.Content.ToString())!["generation"]!.GetValue<int>());
        Assert.Single(await AuditLinesAsync(storage, pipeline));
        // A retried announcement repeats the same CloudEvent id, which consumers deduplicate on: one event.
        var events = await new QueueServiceClient(storage.ConnectionString).GetQueueClient(ModelEventPublisher.QueueName).PeekMessagesAsync(32);
        var ids = events.Value.Select(m => JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(m.MessageText)))!["id"]!.GetValue<string>()).Distinct().ToList();
        Assert.Equal(["champion.1"], ids);
    }

    [Fact]
    public async Task Two_worker_processes_on_one_task_hub_split_the_candidates_of_one_run()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("scale");
        var specFile = Path.Combine(Path.GetTempPath(), $"{pipeline}.json");
        var dataFile = Path.Combine(Path.GetTempPath(), $"{pipeline}.csv");
        await File.WriteAllTextAsync(specFile, Spec(pipeline, spec => spec["trainers"] = new JsonArray(new JsonObject
        {
            ["name"] = "LightGbm",
            ["parameters"] = new JsonObject { ["numberOfIterations"] = new JsonArray(200, 210, 220, 230) },
        })));
        await File.WriteAllBytesAsync(dataFile, FastPipelines.Dataset(rows: 2500).ToArray());
        // One activity at a time per process, so a run's candidates can only finish quickly by using both.
        var environment = new Dictionary<string, string>(Environment(storage, pipeline)) { ["Cd4ml__Durable__MaxConcurrentActivities"] = "1" };

        using var worker = ServeProcess.StartWorker(environment);
        await WaitForOutputAsync(worker, "joined task hub");
        using var run = ServeProcess.StartCli(["run", "-p", specFile, "-d", dataFile, "--json"], environment);
        Assert.True(await run.WaitForExitAsync(RunLimit), run.Output);
        Assert.True(run.ExitCode == 0, run.Output);

        var reports = new List<string>();
        await foreach (var blob in storage.Client.GetBlobContainerClient(Containers.Runs).GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", CancellationToken.None))
        {
            if (blob.Name.EndsWith("/report.json", StringComparison.Ordinal))
            {
                reports.Add(blob.Name.Split('/')[1]);
            }
        }

        var record = (await new RunReportStore(storage.Client).ReadAsync(pipeline, Assert.Single(reports)))!;
        var workers = record.Candidates.Select(c => c.Worker).Distinct().ToList();
        Assert.Equal(2, workers.Count);
        Assert.Contains(workers, w => w!.EndsWith($"-{worker.ProcessId}", StringComparison.Ordinal));
        Assert.Contains(workers, w => w!.EndsWith($"-{run.ProcessId}", StringComparison.Ordinal));
    }

    private static async Task WaitForOutputAsync(ServeProcess process, string text)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!process.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(process.HasExited, process.Output);
            Assert.True(DateTime.UtcNow < until, $"'{text}' did not appear:\n{process.Output}");
            await Task.Delay(200);
        }
    }

    private static string Spec(string pipeline, Action<JsonObject> edit)
    {
        var spec = JsonNode.Parse(Samples.CreditSpecJson(pipeline))!.AsObject();
        edit(spec);
        return spec.ToJsonString();
    }

    /// <summary>Stores the spec and drops the data; returns the run id that follows from the bytes and the spec.</summary>
    private static async Task<string> DropAsync(AzuriteFixture storage, string pipeline, string specJson, BinaryData data)
    {
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").UploadAsync(BinaryData.FromString(specJson));
        var uploaded = await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/batch.csv").UploadAsync(data);
        return RunIds.ForDrop(pipeline, $"{Containers.Datasets}/{pipeline}/batch.csv", uploaded.Value.ETag.ToString(),
            PipelineSpecParser.Hash(PipelineSpecParser.Parse(specJson, "test")), PackageVersions.Cd4ml);
    }

    /// <summary>Its own task hub, and short lease and visibility times so a killed process's work moves on within seconds.</summary>
    private static Dictionary<string, string> Environment(AzuriteFixture storage, string pipeline) => new()
    {
        ["AzureWebJobsStorage"] = storage.ConnectionString,
        ["Cd4ml__DatasetPoller__Interval"] = "00:00:01",
        ["Cd4ml__SnapshotCacheDirectory"] = Path.Combine(Path.GetTempPath(), $"cd4ml-crash-{pipeline}"),
        ["Cd4ml__Durable__TaskHub"] = $"crash{Guid.NewGuid():N}"[..24],
        ["Cd4ml__Durable__WorkItemVisibilityTimeout"] = "00:00:10",
        ["Cd4ml__Durable__LeaseInterval"] = "00:00:06",
    };

    private static HttpClient Client(ServeProcess serve) => new() { Timeout = TimeSpan.FromSeconds(30), BaseAddress = serve.BaseAddress };

    private static async Task<List<int>> VersionsAsync(AzuriteFixture storage, string pipeline)
    {
        var versions = new List<int>();
        await foreach (var blob in storage.Client.GetBlobContainerClient(Containers.Models).GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/versions/", CancellationToken.None))
        {
            if (blob.Name.EndsWith("/manifest.json", StringComparison.Ordinal))
            {
                versions.Add(int.Parse(blob.Name.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return versions;
    }

    private static async Task<string[]> AuditLinesAsync(AzuriteFixture storage, string pipeline)
    {
        var audit = await storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{pipeline}/audit.log").DownloadContentAsync();
        return audit.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
