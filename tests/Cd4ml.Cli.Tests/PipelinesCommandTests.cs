using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml pipelines push|list|run-due</c> as a user calls them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelinesCommandTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Push_validates_and_stores_the_spec_under_its_name_and_list_shows_it()
    {
        var pipeline = Samples.UniquePipelineName("cli");
        var spec = Write($"{pipeline}.json", FastPipelines.SpecJson(pipeline, schedule: "0 3 * * *"));

        var (pushed, stdout, stderr) = await RunAsync("pipelines", "push", spec, "--storage", storage.ConnectionString);
        var (listed, list, _) = await RunAsync("pipelines", "list", "--storage", storage.ConnectionString);

        Assert.True(pushed == ExitCodes.Completed, stderr);
        Assert.Contains($"stored {Containers.Pipelines}/{pipeline}.json", stdout, StringComparison.Ordinal);
        var stored = (await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(await File.ReadAllTextAsync(spec), stored);
        Assert.Equal(ExitCodes.Completed, listed);
        Assert.Contains(list.Split('\n'), line => line.StartsWith(pipeline, StringComparison.Ordinal) && line.Contains("schedule '0 3 * * *'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_of_an_invalid_spec_exits_2_naming_each_problem_by_json_path_and_stores_nothing()
    {
        var pipeline = Samples.UniquePipelineName("cli");
        var spec = Write($"{pipeline}.json", Samples.CreditSpecJson(pipeline, json => json
            .Replace("\"FastTree\"", "\"XGBoost\"", StringComparison.Ordinal)
            .Replace("\"seed\": 42", "\"seed\": 42, \"schedule\": \"every day\"", StringComparison.Ordinal)));

        var (exit, stdout, stderr) = await RunAsync("pipelines", "push", spec, "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("$.trainers[1].name: unknown trainer 'XGBoost'", stderr, StringComparison.Ordinal);
        Assert.Contains("$.schedule", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").ExistsAsync());
    }

    [Fact]
    public async Task Run_due_forced_for_one_pipeline_runs_it_on_its_newest_dataset_and_waits_for_the_result()
    {
        var pipeline = Samples.UniquePipelineName("cli");
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset());

        var (exit, stdout, stderr) = await RunAsync("pipelines", "run-due", "--force", "--pipeline", pipeline, "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr + stdout);
        Assert.Contains($"{pipeline}", stdout, StringComparison.Ordinal);
        Assert.Contains("Started", stdout, StringComparison.Ordinal);
        Assert.Contains("Promoted", stdout, StringComparison.Ordinal);
    }

    private static string Write(string name, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), name);
        File.WriteAllText(path, content);
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
