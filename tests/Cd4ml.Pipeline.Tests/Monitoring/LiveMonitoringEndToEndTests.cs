using System.Text.Json.Nodes;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Tests.Monitoring;

/// <summary>
/// Monitoring end to end on Azurite with real ML.NET champions: predictions in the contract's format, late labels,
/// windows judged by the interval rule, incidents with their CloudEvent and action, cooldown, and closing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveMonitoringEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const int Window = 300;

    private static readonly string[] Classes = ["bad", "good"];

    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Healthy_then_flipped_labels_open_one_incident_that_retrains_through_the_gates_and_closes_on_a_healthy_window()
    {
        var (spec, champion) = await PromoteAsync("retrain", Rows(skip: 0, count: 400), replaceable: false);
        var scoring = Rows(skip: 400, count: 4 * Window);
        var at = DateTimeOffset.UtcNow;
        await ChampionScoring.ScoreAsync(storage.Client, Registry, spec, champion, "batch-1", scoring, at.AddMinutes(-5));

        // Window r1: true labels, plus an unknown line, a duplicate and a label outside the classes.
        await FeedbackAsync(spec, "day-1", ChampionScoring.Feedback(scoring, spec.Label, "batch-1", 2, Window + 1, flip: false, Classes)
            + "99999,batch-1,good\n2,batch-1,good\n3,batch-1,maybe\n");
        var first = await EvaluateThroughTheOrchestrationAsync(spec.Name);
        // Four windows of scored rows; only r1 has labels, the other three are judged on drift alone.
        Assert.Equal((4, 0, 0), (first.Windows, first.Degraded, first.OpenIncidents));
        var report = (await Store.ReadReportAsync(spec.Name, default))!;
        Assert.Equal((1, 1, 1), (report.Join.UnknownIds, report.Join.DuplicateIds, report.Join.LabelsOutsideClasses));
        Assert.True(report.Windows[0].Judged);
        Assert.True(report.Windows[0].MetricsJudged);
        Assert.Equal([true, false, false, false], report.Windows.Select(w => w.MetricsJudged));
        Assert.Contains("cooldown 24h", report.Policy, StringComparison.Ordinal);
        var card = (await storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{spec.Name}/versions/{champion}/card.md").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains($"monitoring/{spec.Name}/report.html", card, StringComparison.Ordinal);
        Assert.False(report.Windows[0].Degraded, string.Join("; ", report.Windows[0].Reasons));

        // Window r2: flipped labels make the champion clearly worse.
        var clock = new ManualClock(at.AddMinutes(1));
        await FeedbackAsync(spec, "day-2", ChampionScoring.Feedback(scoring, spec.Label, "batch-1", Window + 2, (2 * Window) + 1, flip: true, Classes));
        // An earlier evaluation claimed r2 and stopped before writing its incident: this one finishes that incident.
        var claimed = new IncidentClaim(Incident.IdFor(clock.Now.AddSeconds(-30), champion), clock.Now.AddSeconds(-30));
        await Store.ClaimAsync(spec.Name, champion, "r2", claimed, default);
        report = (await Evaluator(clock).EvaluateAsync(spec.Name))!;
        Assert.True(report.Windows[1].Degraded);
        var incident = Assert.Single(report.Incidents);
        Assert.Equal((claimed.Incident, claimed.OpenedAt), (incident.Id, incident.OpenedAt));
        Assert.Equal((IncidentStates.Open, champion, "r2", DegradedActions.Retrain), (incident.Status, incident.ModelVersion, incident.Window, incident.Action));
        Assert.Contains(incident.Reasons, r => r.StartsWith("auc dropped", StringComparison.Ordinal));
        var events = await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, $"{spec.Name}/incidents/{incident.Id}", 1, TimeSpan.FromSeconds(20));
        Assert.Equal("cd4ml.model.degraded", Assert.Single(events).GetProperty("type").GetString());
        Assert.True(await storage.Client.GetBlobContainerClient(Containers.Monitoring)
            .GetBlobClient(MonitoringStore.IncidentBlob(spec.Name, incident.Id)).ExistsAsync());

        // The retraining dataset: exactly the training columns, the training rows and the labelled live rows once each.
        var datasetBlob = IncidentActions.DatasetBlob(spec.Name, incident.Id);
        var dataset = CsvTable.Parse(datasetBlob, (await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(datasetBlob).DownloadContentAsync()).Value.Content.ToString());
        var training = CsvTable.Parse("training", Rows(skip: 0, count: 400));
        Assert.Equal(training.Header, dataset.Header);
        Assert.Equal(dataset.Rows.Count, dataset.Rows.Select(r => CsvTable.Line(r.Cells)).Distinct().Count());
        Assert.InRange(dataset.Rows.Count, 400 + Window - 5, 400 + Window);

        // Window r3: degraded again, inside the cooldown: no second incident, and the report says why.
        clock.Now = clock.Now.AddHours(1);
        await FeedbackAsync(spec, "day-3", ChampionScoring.Feedback(scoring, spec.Label, "batch-1", (2 * Window) + 2, (3 * Window) + 1, flip: true, Classes));
        report = (await Evaluator(clock).EvaluateAsync(spec.Name))!;
        Assert.True(report.Windows[2].Degraded);
        Assert.Single(report.Incidents);
        Assert.Contains("cooldown", report.Note, StringComparison.Ordinal);

        // Evaluating again changes nothing.
        report = (await Evaluator(clock).EvaluateAsync(spec.Name))!;
        Assert.Single(report.Incidents);

        // Window r4: healthy again: the incident closes, and time to restore is close minus open.
        clock.Now = clock.Now.AddHours(1);
        await FeedbackAsync(spec, "day-4", ChampionScoring.Feedback(scoring, spec.Label, "batch-1", (3 * Window) + 2, (4 * Window) + 1, flip: false, Classes));
        report = (await Evaluator(clock).EvaluateAsync(spec.Name))!;
        var closed = Assert.Single(report.Incidents);
        Assert.Equal((IncidentStates.Closed, IncidentStates.HealthyWindow), (closed.Status, closed.ClosedBy));
        Assert.Equal(2 + (30 / 3600.0), closed.HoursToRestore!.Value, 3);
        var html = (await storage.Client.GetBlobContainerClient(Containers.Monitoring).GetBlobClient(MonitoringStore.ReportHtmlBlob(spec.Name)).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // The dropped dataset is an ordinary drop: its trigger starts a run of the pipeline, which decides through every gate.
        var arrival = await _host.Get<DatasetArrivalHandler>().HandleAsync(_host.Client, datasetBlob);
        var run = Assert.IsType<StartRunResult>(arrival.Run);
        Assert.Equal(StartRunStatus.Started, run.Status);
        var completed = await _host.Client.WaitForInstanceCompletionAsync(run.RunId, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        Assert.NotEmpty(completed.ReadOutputAs<RunRecord>()!.Decision!.Gates);
    }

    [Fact]
    public async Task A_degraded_window_under_the_rollback_policy_moves_the_champion_back_with_an_audit_line_by_the_monitor()
    {
        // v1 learnt from shuffled labels, so v2, trained on the real ones, beats it and becomes champion.
        var (spec, first) = await PromoteAsync("rollback", ShuffledLabels(Rows(skip: 0, count: 400)), replaceable: true);
        Assert.Equal(1, first);
        await UploadAsync(spec.Name, "second.csv", Rows(skip: 400, count: 400));
        var second = await RunAsync(spec, "second.csv");
        Assert.Equal(2, second);

        var scoring = Rows(skip: 800, count: Window);
        await ChampionScoring.ScoreAsync(storage.Client, Registry, spec, second, "batch-1", scoring, DateTimeOffset.UtcNow);
        await FeedbackAsync(spec, "labels", ChampionScoring.Feedback(scoring, spec.Label, "batch-1", 2, Window + 1, flip: true, Classes));
        var clock = new ManualClock(DateTimeOffset.UtcNow);

        var report = (await Evaluator(clock).EvaluateAsync(spec.Name))!;

        var incident = Assert.Single(report.Incidents);
        Assert.Equal((DegradedActions.Rollback, 2), (incident.Action, incident.ModelVersion));
        Assert.StartsWith("rollback moved", incident.ActionResult, StringComparison.Ordinal);
        var (alias, _) = await Registry.GetAliasAsync(spec.Name, ModelRegistry.Champion);
        Assert.Equal(1, alias!.Version);
        var audit = (await Registry.ReadAuditAsync(spec.Name))[^1];
        Assert.Equal((AuditActions.Rollback, IncidentActions.Actor, 1), (audit.Action, audit.By, audit.Version));
        Assert.Contains(incident.Id, audit.Reason, StringComparison.Ordinal);

        // The next evaluation sees the earlier champion back and closes the incident as restored by the rollback.
        clock.Now = clock.Now.AddMinutes(30);
        report = (await Evaluator(clock).EvaluateAsync(spec.Name))!;
        Assert.Equal((1, IncidentStates.Rollback), (report.ChampionVersion, Assert.Single(report.Incidents).ClosedBy));
        Assert.Equal(1, (await Registry.ReadAuditAsync(spec.Name)).Count(e => e.Action == AuditActions.Rollback));
    }

    [Fact]
    public async Task The_real_scoring_path_feeds_monitoring_a_healthy_window_with_drift_measured_on_the_scored_inputs()
    {
        var (spec, champion) = await PromoteAsync("alert", Rows(skip: 0, count: 400), replaceable: false);
        var scoring = Rows(skip: 400, count: Window);

        // A team drops a file to score; the scoring orchestration writes predictions, manifest and the input copy.
        await storage.Client.GetBlobContainerClient(Containers.Scoring).GetBlobClient($"{spec.Name}/batch-1.csv").UploadAsync(BinaryData.FromString(scoring), overwrite: true);
        var arrival = await _host.Get<ScoringArrivalHandler>().HandleAsync(_host.Client, $"{spec.Name}/batch-1.csv");
        var scored = await _host.Client.WaitForInstanceCompletionAsync(arrival.InstanceId!, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, scored.RuntimeStatus);

        // Its labels arrive later, by line since the spec has no id column.
        await FeedbackAsync(spec, "day-1", ChampionScoring.Feedback(scoring, spec.Label, "batch-1", 2, Window + 1, flip: false, Classes));
        var summary = await EvaluateThroughTheOrchestrationAsync(spec.Name);

        var report = (await Store.ReadReportAsync(spec.Name, default))!;
        Assert.Empty(report.PredictionProblems);
        Assert.Equal((1, 0, 0), (summary.Windows, summary.Degraded, summary.OpenIncidents));
        Assert.Equal((champion, Window, 0, 0), (report.ChampionVersion!.Value, report.Windows[0].Rows, report.Join.UnknownIds, report.Join.DuplicateIds));
        Assert.True(report.Windows[0].Judged);
        Assert.False(report.Windows[0].Degraded, string.Join("; ", report.Windows[0].Reasons));
        // The scored inputs were found through the manifest, so input drift was measured column by column.
        Assert.NotEmpty(report.Windows[0].Drift);
    }

    private ModelRegistry Registry => _host.Get<ModelRegistry>();

    private MonitoringStore Store => _host.Get<MonitoringStore>();

    private MonitoringEvaluator Evaluator(TimeProvider clock) => ActivatorUtilities.CreateInstance<MonitoringEvaluator>(_host.Services, clock);

    /// <summary>A fast credit pipeline with a monitoring section, promoted once on <paramref name="training"/>.</summary>
    private async Task<(PipelineSpec Spec, int Version)> PromoteAsync(string action, string training, bool replaceable)
    {
        var pipeline = Samples.UniquePipelineName("mon");
        var json = JsonNode.Parse(FastPipelines.SpecJson(pipeline))!.AsObject();
        json["monitoring"] = new JsonObject
        {
            ["window"] = Window, ["minRows"] = 200, ["maxMetricDrop"] = new JsonObject { ["auc"] = 0.05 },
            ["maxDrift"] = 0.5, ["onDegraded"] = action, ["cooldown"] = "24h",
        };
        if (replaceable)
        {
            json["promotion"] = new JsonObject { ["primaryMetric"] = "auc", ["minImprovement"] = 0, ["significance"] = new JsonObject { ["enabled"] = false } };
        }

        var spec = await _host.Get<PipelineSpecStore>().PutAsync(json.ToJsonString(), "test");
        await UploadAsync(pipeline, "train.csv", training);
        return (spec, await RunAsync(spec, "train.csv"));
    }

    private async Task<int> RunAsync(PipelineSpec spec, string blob)
    {
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, spec, $"{spec.Name}/{blob}", new RunTrigger("manual", "test"));
        var completed = await _host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, Timeout());
        var record = completed.ReadOutputAs<RunRecord>()!;
        Assert.True(record.Outcome == RunOutcome.Promoted, $"{record.Outcome}: {record.Message}");
        return record.PublishedVersion!.Value;
    }

    private async Task<MonitoringSummary> EvaluateThroughTheOrchestrationAsync(string pipeline)
    {
        var id = await _host.Get<MonitoringTrigger>().StartAsync(_host.Client, Containers.Feedback, $"{pipeline}/day-1.csv", "etag-1");
        var completed = await _host.Client.WaitForInstanceCompletionAsync(id!, getInputsAndOutputs: true, Timeout());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<MonitoringSummary>()!;
    }

    private Task UploadAsync(string pipeline, string name, string csv) =>
        storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{name}").UploadAsync(BinaryData.FromString(csv), overwrite: true);

    private Task FeedbackAsync(PipelineSpec spec, string name, string csv) =>
        storage.Client.GetBlobContainerClient(Containers.Feedback).GetBlobClient($"{spec.Name}/{name}.csv").UploadAsync(BinaryData.FromString(csv), overwrite: true);

    private static string Rows(int skip, int count) => FastPipelines.Dataset(count, skip).ToString();

    /// <summary>The same rows with every label moved seven rows down: a model trained on them learns nothing.</summary>
    private static string ShuffledLabels(string csv)
    {
        var table = CsvTable.Parse("rows", csv);
        var label = table.IndexOf("Status");
        var rows = table.Rows.Select((r, i) =>
        {
            var cells = (string[])r.Cells.Clone();
            cells[label] = table.Rows[(i + 7) % table.Rows.Count].Cells[label];
            return (IReadOnlyList<string>)cells;
        });
        return CsvTable.Write(table.Header, rows);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
