using Azure.Storage.Blobs;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Telemetry;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests.Telemetry;

/// <summary>The <c>Cd4ml</c> spans and metrics (docs/telemetry.md), read through OpenTelemetry's in-memory exporter.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineTelemetryTests(AzuriteFixture storage) : IDisposable
{
    private readonly TelemetryCapture _capture = new();

    public void Dispose() => _capture.Dispose();

    [Fact]
    public async Task A_promoted_run_emits_a_span_per_activity_stage_durations_and_run_duration_promotion_and_lead_time()
    {
        var pipeline = Samples.UniquePipelineName("otel");
        await using var host = await PipelineTestHost.StartAsync(storage);
        await Blob(Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        await Blob(Containers.Datasets, $"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset());
        var spec = (await host.Get<PipelineSpecStore>().GetAsync(pipeline))!;

        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, $"{pipeline}/small.csv", new RunTrigger("manual", "test"));
        var completed = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(RunOutcome.Promoted, completed.ReadOutputAs<RunRecord>()!.Outcome);

        var spans = _capture.Spans(pipeline);
        Assert.All(spans, s => Assert.Equal(start.RunId, s.GetTagItem(TagNames.RunId)));
        Assert.Equal(
            new[] { RunStages.Champion, RunStages.Checks, RunStages.Deciding, RunStages.Profiling, RunStages.Publishing, RunStages.Reporting, RunStages.SmokeTest, RunStages.Snapshot, RunStages.Training },
            spans.Select(s => (string)s.GetTagItem(TagNames.Stage)!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(spans, s => s.DisplayName == nameof(TrainCandidateActivity));

        var stages = _capture.Points("cd4ml.stage.duration", pipeline);
        Assert.Contains(stages, p => TelemetryCapture.Tag(p, TagNames.Stage) == RunStages.Training && p.GetHistogramCount() == 1);
        var duration = Assert.Single(_capture.Points("cd4ml.run.duration", pipeline));
        Assert.Equal("promoted", TelemetryCapture.Tag(duration, TagNames.Outcome));
        Assert.True(duration.GetHistogramSum() > 0);
        Assert.Equal(1, Assert.Single(_capture.Points("cd4ml.promotions", pipeline)).GetSumLong());
        var lead = Assert.Single(_capture.Points("cd4ml.lead_time", pipeline));
        Assert.Equal(1, lead.GetHistogramCount());
        Assert.InRange(lead.GetHistogramSum(), 0, 600);
        Assert.Empty(_capture.Points("cd4ml.rejections", pipeline));
    }

    [Fact]
    public async Task Writing_a_report_twice_counts_the_run_once_and_a_rejection_is_counted_by_its_gate()
    {
        var pipeline = Samples.UniquePipelineName("otel");
        var activity = new WriteRunReportActivity(new RunReportStore(storage.Client), Index(new DeliveryLedger(storage.Client)), new ModelRegistry(storage.Client));
        var kept = Record(pipeline, RunOutcome.ChampionKept) with
        {
            Decision = new Decision(false, "sdca", [new GateResult("min-improvement", false, "0.001", "0.002", "not better enough")]),
        };

        await activity.RunAsync(new TestActivityContext(kept.RunId), new WriteReportInput(kept));
        await activity.RunAsync(new TestActivityContext(kept.RunId), new WriteReportInput(kept));

        var rejection = Assert.Single(_capture.Points("cd4ml.rejections", pipeline));
        Assert.Equal(1, rejection.GetSumLong());
        Assert.Equal("min-improvement", TelemetryCapture.Tag(rejection, TagNames.Gate));
        Assert.Equal(1, Assert.Single(_capture.Points("cd4ml.run.duration", pipeline)).GetHistogramCount());
    }

    [Fact]
    public async Task Lead_time_of_a_webhook_run_starts_at_the_commit_and_rollbacks_are_counted()
    {
        var pipeline = Samples.UniquePipelineName("otel");
        var ledger = new DeliveryLedger(storage.Client);
        var delivery = Guid.NewGuid().ToString();
        var committedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await ledger.TryClaimAsync(new DeliveryRecord(PushEvent.GitHub, delivery, DateTimeOffset.UtcNow, "o/r", "abc", committedAt, "accepted", [], []));
        var promoted = Record(pipeline, RunOutcome.Promoted) with
        {
            Trigger = new RunTrigger("webhook", "o/r", Commit: "abc", DeliveryId: delivery),
            PublishedVersion = 1,
            CompletedAt = committedAt.AddMinutes(5),
        };

        await new WriteRunReportActivity(new RunReportStore(storage.Client), Index(ledger), new ModelRegistry(storage.Client))
            .RunAsync(new TestActivityContext(promoted.RunId), new WriteReportInput(promoted));
        PipelineTelemetry.RecordRollback(pipeline);

        var lead = Assert.Single(_capture.Points("cd4ml.lead_time", pipeline));
        Assert.Equal(300, lead.GetHistogramSum(), precision: 3);
        Assert.Equal("webhook", TelemetryCapture.Tag(lead, TagNames.Trigger));
        Assert.Equal(1, Assert.Single(_capture.Points("cd4ml.rollbacks", pipeline)).GetSumLong());
    }

    [Fact]
    public void The_rejecting_gate_is_the_first_failed_check_or_gate_or_the_outcome()
    {
        var rejected = Record("p", RunOutcome.DataRejected) with
        {
            Checks = [new CheckResult("schema", CheckStatus.Pass, "", "", ""), new CheckResult("label-binary", CheckStatus.Fail, "1 class", "2", "one class")],
        };

        Assert.Equal("label-binary", RunMetrics.GateOf(rejected));
        Assert.Equal("alias-conflict", RunMetrics.GateOf(Record("p", RunOutcome.ChampionKept) with { PublishedVersion = 2 }));
        Assert.Null(RunMetrics.GateOf(Record("p", RunOutcome.Failed)));
        Assert.Null(RunMetrics.GateOf(Record("p", RunOutcome.Promoted)));
    }

    [Fact]
    public async Task The_run_index_keeps_when_the_dataset_arrived_and_delivery_lead_time_counts_from_it_not_from_the_run_start()
    {
        var pipeline = Samples.UniquePipelineName("lead");
        var upload = Blob(Containers.Datasets, $"{pipeline}/arrived.csv");
        await upload.UploadAsync(FastPipelines.Dataset(20));
        var arrivedAt = (await upload.GetPropertiesAsync()).Value.LastModified;
        var record = Record(pipeline, RunOutcome.Promoted) with
        {
            Dataset = new DatasetLineage($"{Containers.Datasets}/{pipeline}/arrived.csv", new string('1', 64), "", 20),
            StartedAt = arrivedAt.AddMinutes(7),
            CompletedAt = arrivedAt.AddMinutes(9),
            PublishedVersion = 1,
        };
        var registry = new ModelRegistry(storage.Client);
        var index = Index(new DeliveryLedger(storage.Client));
        await new WriteRunReportActivity(new RunReportStore(storage.Client), index, registry).RunAsync(new TestActivityContext(record.RunId), new WriteReportInput(record));
        await RegistrySeed.PublishAsync(registry, pipeline, record.RunId);
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "test", "first");

        var row = Assert.Single(await index.RunsAsync(pipeline));
        var history = await new Pipeline.Dashboard.DeliveryMetricsReader(registry, new RunReportStore(storage.Client), new PipelineSpecStore(storage.Client), index, TimeProvider.System, new Pipeline.Monitoring.MonitoringStore(storage.Client))
            .HistoryAsync(pipeline, arrivedAt.AddDays(-1));

        Assert.Equal(arrivedAt, row.ArrivedAt);
        Assert.Equal(arrivedAt, row.ChangedAt);
        Assert.Equal(arrivedAt, history.RunStarts[record.RunId]);
        // The metric of the run itself (cd4ml.lead_time) counts from the same arrival: 9 minutes, not the run's 2.
        Assert.Equal(540, Assert.Single(_capture.Points("cd4ml.lead_time", pipeline)).GetHistogramSum(), precision: 3);
    }

    [Fact]
    public void A_row_counts_from_its_arrival_unless_there_is_none_or_it_came_after_the_run_started()
    {
        var start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var row = new Pipeline.Dashboard.RunRow("p-0123456789ab-01234567", RunOutcome.Promoted, "manual", "", "", start, start.AddMinutes(5), 1);

        Assert.Equal(start, row.ChangedAt);
        Assert.Equal(start.AddHours(-2), (row with { ArrivedAt = start.AddHours(-2) }).ChangedAt);
        Assert.Equal(start, (row with { ArrivedAt = start.AddMinutes(1) }).ChangedAt);
    }

    private static RunRecord Record(string pipeline, RunOutcome outcome)
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        return new RunRecord
        {
            RunId = $"{pipeline}-0123456789ab-01234567",
            Pipeline = pipeline,
            Outcome = outcome,
            Message = "test",
            Trigger = new RunTrigger("manual", "test"),
            Dataset = new DatasetLineage($"{Containers.Datasets}/{pipeline}/none.csv", new string('0', 64), "", 0),
            SpecHash = new string('0', 64),
            StartedAt = started,
            CompletedAt = started.AddSeconds(30),
        };
    }

    private BlobClient Blob(string container, string name) => storage.Client.GetBlobContainerClient(container).GetBlobClient(name);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    private sealed class TestActivityContext(string instanceId) : TaskActivityContext
    {
        public override TaskName Name => nameof(WriteRunReportActivity);

        public override string InstanceId => instanceId;
    }

    private Pipeline.Dashboard.DashboardIndexStore Index(DeliveryLedger ledger) =>
        new(storage.Client, new RunReportStore(storage.Client), new Core.Registry.ModelRegistry(storage.Client), new RunArrivals(storage.Client, ledger));
}
