using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// <c>cd4ml serve</c> as its own process on an Azurite of its own with real runs for the dashboard tests: a pipeline
/// with two finished runs, and a pipeline with manual approval whose two runs wait for a person. Names and reasons a
/// person typed are hostile HTML, so every page shows whether it encodes them.
/// </summary>
public sealed class DashboardServe : IAsyncLifetime
{
    public const string HostileName = "<img src=x onerror=alert(1)>";
    public const string HostileReason = "</td><script>alert('reason')</script>";

    /// <summary>The label column's name in the rejected dataset: the label is missing, and the name is hostile HTML.</summary>
    public const string HostileColumn = "<script>alert('column')</script>";

    /// <summary>The rejected pipeline's cron schedule, shown on its page.</summary>
    public const string Schedule = "0 3 * * 1";

    private AzuriteFixture? _storage;
    private ServeProcess? _serve;

    public string Pipeline { get; } = Samples.UniquePipelineName("dash");

    public string ApprovalPipeline { get; } = Samples.UniquePipelineName("appr");

    public List<string> FinishedRuns { get; } = [];

    public List<string> WaitingRuns { get; } = [];

    /// <summary>A pipeline (with a schedule) whose one run rejected its data: the dataset is quarantined.</summary>
    public string RejectedPipeline { get; } = Samples.UniquePipelineName("rej");

    public string RejectedRun { get; private set; } = "";

    public string RejectedSha256 { get; private set; } = "";

    /// <summary>The dataset the first finished run trained on.</summary>
    public string TrainedSha256 { get; private set; } = "";

    public ServeProcess Serve => _serve!;

    public AzuriteFixture Storage => _storage!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _storage = PrivateAzurite.Start();
        var approval = JsonNode.Parse(FastPipelines.SpecJson(ApprovalPipeline))!.AsObject();
        approval["approval"] = "manual";
        var pipelines = Storage.Client.GetBlobContainerClient(Containers.Pipelines);
        await pipelines.GetBlobClient($"{Pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(Pipeline)));
        await pipelines.GetBlobClient($"{ApprovalPipeline}.json").UploadAsync(BinaryData.FromString(approval.ToJsonString()));
        await pipelines.GetBlobClient($"{RejectedPipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(RejectedPipeline, Schedule)));

        // The runs must be the ones this fixture starts (by the names it gives): the poller would race each POST for the
        // dataset it just uploaded. It lists once at start (the marker's receipt says when), then not for an hour.
        var marker = $"{Samples.UniquePipelineName("marker")}/m.csv";
        await Storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(marker).UploadAsync(BinaryData.FromString("a\n1\n"));
        _serve = ServeProcess.Start(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = Storage.ConnectionString,
            ["Cd4ml__SnapshotCacheDirectory"] = Path.Combine(Path.GetTempPath(), "cd4ml-dashboard-cache"),
            ["Cd4ml__DatasetPoller__Interval"] = "01:00:00",
        });
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(60), BaseAddress = _serve.BaseAddress };
        await Serve.WaitUntilListeningAsync(Http, TimeSpan.FromSeconds(90));
        await WaitForReceiptAsync(marker, TimeSpan.FromSeconds(60));

        foreach (var skip in (int[])[0, 300])
        {
            var runId = await StartAsync(Pipeline, $"data-{skip}.csv", skip, requestedBy: HostileName);
            var finished = await Serve.WaitForRunAsync(Http, runId, s => s.Record is not null, TimeSpan.FromMinutes(3));
            TrainedSha256 = TrainedSha256.Length > 0 ? TrainedSha256 : finished.Record!.Dataset.Sha256;
            FinishedRuns.Add(runId);
        }

        var unlabelled = FastPipelines.Dataset(100).ToString().Replace("Status,", $"\"{HostileColumn}\",", StringComparison.Ordinal);
        RejectedRun = await StartAsync(RejectedPipeline, "unlabelled.csv", BinaryData.FromString(unlabelled), requestedBy: "tester");
        var rejected = await Serve.WaitForRunAsync(Http, RejectedRun, s => s.Record is not null, TimeSpan.FromMinutes(3));
        Assert.Equal(Core.Reports.RunOutcome.DataRejected, rejected.Record!.Outcome);
        RejectedSha256 = rejected.Record.Dataset.Sha256;

        foreach (var skip in (int[])[0, 300, 600, 900])
        {
            var runId = await StartAsync(ApprovalPipeline, $"data-{skip}.csv", skip, requestedBy: "tester");
            await Serve.WaitForRunAsync(Http, runId, s => s.Stage == "awaiting-approval", TimeSpan.FromMinutes(3));
            WaitingRuns.Add(runId);
        }

        // An approval whose name and reason are hostile HTML lands in the audit log, and so on the alias timeline.
        var approved = await Http.PostAsJsonAsync($"/api/runs/{WaitingRuns[1]}/approve", new { by = HostileName, comment = HostileReason });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        await Serve.WaitForRunAsync(Http, WaitingRuns[1], s => s.Record is not null, TimeSpan.FromMinutes(2));

        // When the second run promoted v2, a person rolls it back: a failed change for the delivery metrics.
        var rollback = await Http.PostAsJsonAsync($"/api/models/{Pipeline}/rollback", new { alias = "champion", reason = "v2 misbehaves", by = "oncall" });
        RolledBack = rollback.IsSuccessStatusCode;
    }

    /// <summary>Whether the second run of <see cref="Pipeline"/> promoted, so the champion could be rolled back.</summary>
    public bool RolledBack { get; private set; }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_serve is not null)
        {
            await _serve.TerminateAsync(TimeSpan.FromSeconds(30));
            _serve.Dispose();
        }

        _storage?.Dispose();
    }

    private async Task WaitForReceiptAsync(string dataset, TimeSpan limit)
    {
        var runs = Storage.Client.GetBlobContainerClient(Containers.Runs);
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            await foreach (var _ in runs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"_receipts/datasets/{dataset}/", CancellationToken.None))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the dataset poller did not list the datasets container within {limit}");
    }

    private Task<string> StartAsync(string pipeline, string name, int skip, string requestedBy) =>
        StartAsync(pipeline, name, FastPipelines.Dataset(300, skip), requestedBy);

    private async Task<string> StartAsync(string pipeline, string name, BinaryData data, string requestedBy)
    {
        await Storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{name}").UploadAsync(data);
        var started = await Http.PostAsJsonAsync($"/api/pipelines/{pipeline}/runs", new StartRunBody($"{pipeline}/{name}", requestedBy));
        var body = await started.Content.ReadAsStringAsync();
        Assert.True(started.IsSuccessStatusCode, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("runId").GetString()!;
    }
}
