using System.Text.Json;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml runs ...</c> against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunsCommandTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Runs_list_and_show_read_finished_runs_from_storage()
    {
        var pipeline = Samples.UniquePipelineName("runs");
        var spec = Path.Combine(Path.GetTempPath(), $"{pipeline}.json");
        await File.WriteAllTextAsync(spec, Samples.CreditSpecJson(pipeline));
        var (runExit, runJson, _) = await CliAsync("run", "-p", spec, "-d", RepoPaths.CreditBatch1, "--json", "--storage", storage.ConnectionString);
        Assert.Equal(ExitCodes.Completed, runExit);
        var runId = JsonDocument.Parse(runJson).RootElement.GetProperty("runId").GetString()!;

        var (listExit, list, _) = await CliAsync("runs", "list", "--pipeline", pipeline, "--storage", storage.ConnectionString);
        var (showExit, show, _) = await CliAsync("runs", "show", runId, "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Completed, listExit);
        Assert.Contains(runId, list, StringComparison.Ordinal);
        Assert.True(list.Contains("Promoted", StringComparison.Ordinal), list);
        Assert.Equal(ExitCodes.Completed, showExit);
        Assert.Contains("PROMOTED  v1 is champion", show, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_show_of_an_unknown_run_exits_1_with_the_reason()
    {
        var (exit, _, stderr) = await CliAsync("runs", "show", "nosuch-0123456789ab-01234567", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("no report for run 'nosuch-0123456789ab-01234567'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_approve_without_a_reachable_host_exits_1_and_says_where_it_tried()
    {
        var (exit, _, stderr) = await CliAsync("runs", "approve", "p-0123456789ab-01234567", "--by", "alice", "--url", $"http://127.0.0.1:{LoopbackPort.Next()}");

        Assert.Equal(ExitCodes.Error, exit);
        Assert.Contains("cannot reach http://127.0.0.1:", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
