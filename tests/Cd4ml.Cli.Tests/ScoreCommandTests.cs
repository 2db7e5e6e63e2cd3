using System.Globalization;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml score</c> as a user calls it: a champion trained for real through the pipeline, a local file scored with it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScoreCommandTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("cd4ml-score-").FullName;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Scores_a_local_file_with_the_champion_or_a_given_version_in_the_batch_format()
    {
        var pipeline = await PromoteAsync();
        var data = Path.Combine(_folder, "april.csv");
        await File.WriteAllTextAsync(data, Credit(120, skip: 1500));
        var chosen = Path.Combine(_folder, "v1.csv");

        var (exit, stdout, stderr) = await RunAsync("score", "--pipeline", pipeline, "--data", data, "--storage", storage.ConnectionString);
        var (versionExit, _, versionErr) = await RunAsync("score", "-p", pipeline, "-d", data, "--version", "1", "--out", chosen, "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        Assert.Matches($@"^Scored 120 rows of april\.csv with {pipeline} v1 in [0-9.]+ s \([0-9,]+ rows/s\) → .*april\.predictions\.csv", stdout);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_folder, "april.predictions.csv"));
        Assert.Equal("line,prediction,probability,score,modelVersion", lines[0]);
        Assert.Equal(121, lines.Length);
        Assert.Equal(Enumerable.Range(2, 120).Select(i => i.ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.Matches(@"^\d+,(good|bad),[0-9.E-]+,-?[0-9.E-]+,1$", l));
        Assert.True(versionExit == ExitCodes.Completed, versionErr);
        Assert.Equal(lines, await File.ReadAllLinesAsync(chosen));
    }

    [Fact]
    public async Task Refuses_a_file_with_other_columns_or_bad_cells_and_writes_nothing()
    {
        var pipeline = await PromoteAsync();
        var renamed = Path.Combine(_folder, "renamed.csv");
        await File.WriteAllTextAsync(renamed, Credit(10, skip: 1500).Replace("Income,", "Salary,", StringComparison.Ordinal));
        var typo = Path.Combine(_folder, "typo.csv");
        var lines = Credit(10, skip: 1500).Split('\n');
        lines[3] = string.Join(',', lines[3].Split(',').Select((c, i) => i == 4 ? "forty" : c));
        await File.WriteAllTextAsync(typo, string.Join('\n', lines));

        var (schemaExit, _, schemaErr) = await RunAsync("score", "-p", pipeline, "-d", renamed, "--storage", storage.ConnectionString);
        var (cellExit, _, cellErr) = await RunAsync("score", "-p", pipeline, "-d", typo, "--storage", storage.ConnectionString);
        var (noChampionExit, _, noChampionErr) = await RunAsync("score", "-p", Samples.UniquePipelineName("none"), "-d", typo, "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.DataRejected, schemaExit);
        Assert.Contains("missing column(s) 'Income'; unexpected column(s) 'Salary'", schemaErr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.DataRejected, cellExit);
        Assert.Contains("line 4, column 'Age': not a number ('forty')", cellErr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, noChampionExit);
        Assert.Contains("has no champion yet", noChampionErr, StringComparison.Ordinal);
        Assert.Equal(["renamed.csv", "typo.csv"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private async Task<string> PromoteAsync()
    {
        var pipeline = Samples.UniquePipelineName("cli");
        var spec = PipelineSpecParser.Parse(FastPipelines.SpecJson(pipeline), "test spec");
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/train.csv").UploadAsync(FastPipelines.Dataset(600), overwrite: true);
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, spec, $"{pipeline}/train.csv", new RunTrigger("manual", "test"));
        var run = await _host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token);
        Assert.Equal(RunOutcome.Promoted, run.ReadOutputAs<RunRecord>()!.Outcome);
        return pipeline;
    }

    private static string Credit(int rows, int skip)
    {
        var lines = File.ReadLines(RepoPaths.CreditBatch1).ToList();
        return string.Join('\n', lines.Take(1).Concat(lines.Skip(1 + skip).Take(rows))) + "\n";
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
