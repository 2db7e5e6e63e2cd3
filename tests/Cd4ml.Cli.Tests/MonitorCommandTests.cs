using System.Text.Json;
using Cd4ml.Core.Monitoring;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml monitor</c> against Azurite: the stored report as a table or JSON, and its exit codes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class MonitorCommandTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Prints_the_stored_report_with_its_windows_join_counts_and_incidents()
    {
        var pipeline = Samples.UniquePipelineName("mon");
        var at = new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);
        await new MonitoringStore(storage.Client).WriteReportAsync(new MonitoringReport
        {
            Pipeline = pipeline,
            EvaluatedAt = at,
            ChampionVersion = 4,
            Policy = "Windows of 300 rows",
            Join = new JoinCounts { FeedbackRows = 603, Joined = 600, UnknownIds = 1, DuplicateIds = 1, LabelsOutsideClasses = 1, Samples = ["feedback/p/day-1.csv:302: id '99999' matches no scored row"] },
            Windows =
            [
                new WindowReport("r1", at, at, 300, true, true, false, [], [new LiveMetric("auc", 0.69, 0.75, 0.69, 0.81, -0.06, -0.12, 0.0, 0.05, false)], [], []) { Scored = 320, MetricsJudged = true },
                new WindowReport("r2", at, at, 300, true, true, true, ["auc dropped by 0.43"], [new LiveMetric("auc", 0.69, 0.25, 0.19, 0.32, 0.43, 0.37, 0.5, 0.05, true)], [], []) { Scored = 320, MetricsJudged = true },
            ],
            Incidents = [new Incident { Id = "20261103T100000Z-4", Pipeline = pipeline, ModelVersion = 4, Window = "r2", OpenedAt = at, Reasons = ["auc dropped by 0.43"], Action = "alert", ActionResult = "announced" }],
        }, default);

        var (exit, table, stderr) = await RunAsync("monitor", "--pipeline", pipeline, "--storage", storage.ConnectionString);
        var (jsonExit, json, _) = await RunAsync("monitor", "-p", pipeline, "--json", "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        Assert.Contains("champion v4", table, StringComparison.Ordinal);
        Assert.Contains("1 unknown ids, 1 duplicate ids, 1 labels outside the classes", table, StringComparison.Ordinal);
        Assert.Contains("'99999'", table, StringComparison.Ordinal);
        Assert.Matches(@"r2\s+320\s+300\s+DEGRADED\s+auc 0\.25 \[0\.19, 0\.32\] vs 0\.69", table);
        Assert.Matches(@"20261103T100000Z-4\s+v4\s+r2\s+open\s+alert", table);
        Assert.Equal(ExitCodes.Completed, jsonExit);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(2, document.RootElement.GetProperty("windows").GetArrayLength());
        Assert.Equal("open", document.RootElement.GetProperty("incidents")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_pipeline_without_a_report_is_an_error_and_a_bad_name_is_invalid_input()
    {
        var (missing, _, missingError) = await RunAsync("monitor", "-p", Samples.UniquePipelineName("none"), "--storage", storage.ConnectionString);
        var (invalid, _, invalidError) = await RunAsync("monitor", "-p", "Not_A_Name", "--storage", storage.ConnectionString);
        var (nothing, _, nothingError) = await RunAsync("monitor", "-p", Samples.UniquePipelineName("none"), "--evaluate", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Error, missing);
        Assert.Contains("no monitoring report yet", missingError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, invalid);
        Assert.Contains("not a pipeline name", invalidError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, nothing);
        Assert.Contains("cannot be monitored", nothingError, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
