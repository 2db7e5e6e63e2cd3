using System.Text.Json;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml run</c> as a user calls it, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunCommandTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Run_prints_checks_candidates_and_the_decision_and_exits_0_when_promoted()
    {
        var spec = WriteSpec(Samples.UniquePipelineName("cli"));

        var (exit, stdout, stderr) = await RunAsync("run", "--pipeline", spec, "--data", RepoPaths.CreditBatch1, "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr + stdout);
        Assert.Contains("Checks", stdout, StringComparison.Ordinal);
        Assert.Contains("min-rows", stdout, StringComparison.Ordinal);
        Assert.Contains("smoke-test", stdout, StringComparison.Ordinal);
        Assert.Contains("lightgbm", stdout, StringComparison.Ordinal);
        Assert.Contains("PROMOTED  v1 is champion", stdout, StringComparison.Ordinal);
        // People read this output: no framework or gRPC log lines in it.
        Assert.DoesNotContain("info:", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_json_prints_only_the_run_record_on_stdout()
    {
        var pipeline = Samples.UniquePipelineName("cli");
        var spec = WriteSpec(pipeline);

        var (exit, stdout, _) = await RunAsync("run", "-p", spec, "-d", RepoPaths.CreditBatch1, "--json", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Completed, exit);
        using var record = JsonDocument.Parse(stdout);
        Assert.Equal(pipeline, record.RootElement.GetProperty("pipeline").GetString());
        Assert.Equal("promoted", record.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(3, record.RootElement.GetProperty("candidates").GetArrayLength());
    }

    [Fact]
    public async Task Run_releases_its_partition_leases_before_it_exits_so_the_next_command_starts_at_once()
    {
        // A process of its own on a task hub of its own: serve tests of other collections run hosts on this test run's
        // hub at the same time, and those own its partitions while they run.
        var hub = $"leases{Guid.NewGuid():N}"[..24];
        var spec = WriteSpec(Samples.UniquePipelineName("cli"));
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["Cd4ml__Durable__TaskHub"] = hub,
        };

        using var run = ServeProcess.StartCli(["run", "-p", spec, "-d", RepoPaths.CreditBatch1, "--json"], environment);

        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(3)), "cd4ml run did not exit within 3 minutes:\n" + run.Output);
        Assert.True(run.ExitCode == ExitCodes.Completed, run.Output);
        // The backend's partition table: a lease still owned here would keep the next process on this task hub from
        // running orchestrator code until it expired (20 s).
        var partitions = new Azure.Data.Tables.TableClient(storage.ConnectionString, hub + "Partitions");
        var leases = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var lease in partitions.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            leases.Add(lease);
        }

        Assert.NotEmpty(leases);
        Assert.All(leases, lease => Assert.True(
            string.IsNullOrEmpty(lease.GetString("CurrentOwner")),
            $"partition {lease.RowKey} is still owned by {lease.GetString("CurrentOwner")} after the command exited"));
    }

    [Fact]
    public async Task Invalid_spec_exits_2_naming_each_problem_by_json_path_and_starts_nothing()
    {
        var spec = WriteSpec(Samples.UniquePipelineName("cli"), json => json
            .Replace("\"FastTree\"", "\"XGBoost\"", StringComparison.Ordinal)
            .Replace("\"auc\"", "\"auroc\"", StringComparison.Ordinal));

        var (exit, stdout, stderr) = await RunAsync("run", "--pipeline", spec, "--data", RepoPaths.CreditBatch1, "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("$.trainers[1].name: unknown trainer 'XGBoost'", stderr, StringComparison.Ordinal);
        Assert.Contains("$.promotion.primaryMetric: unknown metric 'auroc'", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Rejected_dataset_exits_3_and_points_at_the_quarantine_report()
    {
        var pipeline = Samples.UniquePipelineName("cli");
        var spec = WriteSpec(pipeline);
        var noLabel = Path.Combine(Path.GetTempPath(), $"{pipeline}-no-label.csv");
        await File.WriteAllLinesAsync(noLabel, File.ReadLines(RepoPaths.CreditBatch1).Take(50).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]));

        var (exit, stdout, _) = await RunAsync("run", "--pipeline", spec, "--data", noLabel, "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.DataRejected, exit);
        Assert.Contains("the label column 'Status' is not in the data", stdout, StringComparison.Ordinal);
        Assert.Contains($"DATA REJECTED  report in quarantine/{pipeline}/", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_data_file_exits_2()
    {
        var spec = WriteSpec(Samples.UniquePipelineName("cli"));

        var (exit, _, stderr) = await RunAsync("run", "--pipeline", spec, "--data", "/no/such/file.csv");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("/no/such/file.csv does not exist", stderr, StringComparison.Ordinal);
    }

    private static string WriteSpec(string pipeline, Func<string, string>? edit = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{pipeline}.json");
        File.WriteAllText(path, Samples.CreditSpecJson(pipeline, edit));
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
