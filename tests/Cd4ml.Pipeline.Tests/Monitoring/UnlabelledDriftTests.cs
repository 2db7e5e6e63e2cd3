using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Tests.Webhooks;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Cd4ml.Pipeline.Tests.Scoring.ScoringFixtures;

namespace Cd4ml.Pipeline.Tests.Monitoring;

/// <summary>
/// Drift is label-free: on Azurite, windows of rows scored in batch (through the real scoring orchestration) and online
/// (through the predict route's samples) report drift before any label arrives, and a clearly shifted batch opens a
/// drift incident on its own, with no live metric.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UnlabelledDriftTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const int Window = 200;

    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Windows_without_labels_report_drift_on_batch_and_online_rows_and_a_shifted_batch_opens_a_drift_incident()
    {
        var pipeline = Samples.UniquePipelineName("udrift");
        var spec = JsonNode.Parse(CreditSpec(pipeline))!.AsObject();
        spec["monitoring"] = new JsonObject { ["idColumn"] = "applicant", ["window"] = Window, ["minRows"] = 100, ["onDegraded"] = "alert" };
        await _host.Get<PipelineSpecStore>().PutAsync(spec.ToJsonString(), "test");
        var champion = await PromoteChampionAsync(_host, storage, spec.ToJsonString(), CreditWithIds(600));

        // Rows from the same data: 300 in a batch file, 140 through the predict route in four requests (the last one's
        // rows without their id: they count for drift, though no label can ever be joined to them).
        await DropAndScoreAsync(_host, storage.Client, pipeline, "calm", CreditWithIds(300, skip: 600));
        foreach (var (skip, rows, drop) in new[] { (900, 40, "Status"), (940, 40, "Status"), (980, 40, "Status"), (1020, 20, "Status,applicant") })
        {
            var answer = await WebhookRequests.ExecuteAsync(await _host.Get<PredictApi>().PredictAsync(
                WebhookRequests.Request(Encoding.UTF8.GetBytes(RowsJson(CreditWithIds(rows, skip), drop.Split(','))), true), pipeline));
            Assert.Equal(StatusCodes.Status200OK, answer.Status);
        }

        await _host.Get<OnlineSamples>().WhenIdleAsync();
        var report = (await Evaluator().EvaluateAsync(pipeline))!;

        Assert.Equal(champion.Version, report.ChampionVersion);
        Assert.Equal(0, report.Join.Joined);
        Assert.Equal(["r1", "r2", "r3"], report.Windows.Select(w => w.Id));
        Assert.Equal([200L, 200L, 40L], report.Windows.Select(w => w.Scored)); // r2 holds the last 100 batch rows and 100 online rows
        Assert.Empty(report.PredictionProblems);
        Assert.All(report.Windows, w => Assert.Empty(w.Metrics));
        Assert.All(report.Windows, w => Assert.False(w.MetricsJudged));
        Assert.All(report.Windows, w => Assert.Contains(w.Drift, d => d.Column == "Income"));
        Assert.Equal([true, true, false], report.Windows.Select(w => w.Judged));
        Assert.All(report.Windows, w => Assert.False(w.Degraded, string.Join("; ", w.Reasons)));
        Assert.Empty(report.Incidents);

        // A later batch whose incomes are three times larger: drift alone degrades its windows and opens an incident.
        await DropAndScoreAsync(_host, storage.Client, pipeline, "shifted", Scale(CreditWithIds(380, skip: 1100), "Income", 3));
        report = (await Evaluator().EvaluateAsync(pipeline))!;

        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], report.Windows.Select(w => w.Id));
        Assert.False(report.Windows[4].Judged); // 20 rows
        Assert.True(report.Windows[3].Degraded);
        Assert.Contains(report.Windows[3].Reasons, r => r.StartsWith("input drift of 'Income'", StringComparison.Ordinal));
        var incident = Assert.Single(report.Incidents);
        Assert.Equal(("r4", IncidentStates.Open, DegradedActions.Alert), (incident.Window, incident.Status, incident.Action));
        Assert.DoesNotContain(incident.Reasons, r => r.Contains("dropped by", StringComparison.Ordinal));
    }

    private MonitoringEvaluator Evaluator() => ActivatorUtilities.CreateInstance<MonitoringEvaluator>(_host.Services, TimeProvider.System);

    /// <summary>A CSV's rows as the request's JSON objects: numbers as JSON numbers, the rest as strings, less some columns.</summary>
    private static string RowsJson(string csv, string[] drop)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var row = new JsonObject();
            foreach (var (name, cell) in header.Zip(line.Split(',')).Where(c => !drop.Contains(c.First)))
            {
                row[name] = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(cell);
            }

            rows.Add(row);
        }

        return new JsonObject { ["rows"] = rows }.ToJsonString();
    }

    private static string Scale(string csv, string column, double factor)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(lines[0].Split(','), column);
        return string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            if (double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                cells[index] = (v * factor).ToString("R", CultureInfo.InvariantCulture);
            }

            return string.Join(',', cells);
        }))) + "\n";
    }
}
