using System.Text.Json;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml metrics</c> against Azurite: audit lines written by the registry, starts read from the run reports.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MetricsCommandTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Metrics_come_from_the_audit_log_and_run_reports_in_storage()
    {
        var pipeline = Samples.UniquePipelineName("met");
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var clock = new ManualClock(start);
        var registry = new ModelRegistry(storage.Client, clock);
        var reports = new RunReportStore(storage.Client);
        await RegistrySeed.PublishManyAsync(registry, pipeline, 3);

        // v1: run started at T, champion 2 h later. v2: 6 h lead, rolled back 3 h after. v3: 4 h lead.
        await PromoteAsync(registry, reports, clock, pipeline, 1, start, leadHours: 2);
        await PromoteAsync(registry, reports, clock, pipeline, 2, start.AddDays(2), leadHours: 6);
        clock.Now = clock.Now.AddHours(3);
        await registry.RollbackAsync(pipeline, ModelRegistry.Champion, 1, "oncall", "v2 misbehaves");
        await PromoteAsync(registry, reports, clock, pipeline, 3, start.AddDays(5), leadHours: 4);

        var (exit, json, stderr) = await RunAsync("metrics", "--pipeline", pipeline, "--json", "--storage", storage.ConnectionString);
        var (tableExit, table, _) = await RunAsync("metrics", "-p", pipeline, "--since", start.AddDays(1).ToString("O"), "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        using var document = JsonDocument.Parse(json);
        var m = document.RootElement.GetProperty("pipelines")[0];
        Assert.Equal(pipeline, m.GetProperty("pipeline").GetString());
        Assert.Equal(3, m.GetProperty("promotions").GetInt32());
        Assert.Equal(1, m.GetProperty("failedPromotions").GetInt32());
        Assert.Equal(1.0 / 3, m.GetProperty("changeFailureRate").GetDouble(), 6);
        Assert.Equal(4, m.GetProperty("leadTimeP50Hours").GetDouble(), 6);
        Assert.Equal(6, m.GetProperty("leadTimeP90Hours").GetDouble(), 6);
        Assert.Equal(3, m.GetProperty("timeToRestoreP50Hours").GetDouble(), 6);
        Assert.Equal(3 / (30.0 / 7), m.GetProperty("promotionsPerWeek").GetDouble(), 6);
        Assert.Equal(3, document.RootElement.GetProperty("overall").GetProperty("promotions").GetInt32());

        // From a day after v1's promotion: two promotions left, one of them failed.
        Assert.Equal(ExitCodes.Completed, tableExit);
        Assert.Matches($@"{pipeline}\s+2\s+[0-9.]+\s+4\s+6\s+1\s+50%\s+3\s+3", table);
    }

    [Fact]
    public async Task Reindex_rebuilds_a_pipelines_index_blobs_from_its_records()
    {
        var pipeline = Samples.UniquePipelineName("idx");
        var registry = new ModelRegistry(storage.Client);
        await RegistrySeed.PublishManyAsync(registry, pipeline, 3);
        var reports = new RunReportStore(storage.Client);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await PromoteAsync(registry, reports, clock, pipeline, 2, DateTimeOffset.UtcNow.AddHours(-1), leadHours: 0.5);

        var (exit, stdout, stderr) = await RunAsync("dashboard", "reindex", "--pipeline", pipeline, "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        Assert.Equal($"{pipeline}: 1 runs, 3 versions", stdout.Trim());
        var index = new Pipeline.Dashboard.DashboardIndexStore(storage.Client, reports, registry, new Pipeline.Telemetry.RunArrivals(storage.Client, new Pipeline.Webhooks.DeliveryLedger(storage.Client)));
        Assert.Equal([1, 2, 3], (await index.VersionsAsync(pipeline)).Select(v => v.Version));
        Assert.Equal("run-2", Assert.Single(await index.RunsAsync(pipeline)).RunId);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--pipeline", "../x")]
    public async Task Bad_arguments_exit_2_naming_the_problem(string option, string value)
    {
        var (exit, stdout, stderr) = await RunAsync("metrics", option, value, "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains(value, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    private static async Task PromoteAsync(ModelRegistry registry, RunReportStore reports, ManualClock clock, string pipeline, int version, DateTimeOffset started, double leadHours)
    {
        var manifest = (await registry.GetManifestAsync(pipeline, version))!;
        await reports.WriteAsync(new RunRecord
        {
            RunId = manifest.RunId,
            Pipeline = pipeline,
            Outcome = RunOutcome.Promoted,
            Message = "promoted",
            Trigger = manifest.Trigger,
            Dataset = manifest.Dataset,
            SpecHash = manifest.SpecHash,
            StartedAt = started,
            CompletedAt = started.AddHours(leadHours),
            PublishedVersion = version,
        });
        clock.Now = started.AddHours(leadHours);
        await registry.PromoteAsync(pipeline, ModelRegistry.Champion, version, "pipeline", "better");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
