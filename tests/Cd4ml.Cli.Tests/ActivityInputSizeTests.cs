using Azure.Data.Tables;
using Cd4ml.Cli.Commands;
using Cd4ml.Testing;
using Xunit.Abstractions;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// Activity payloads stay small: after a real run on the Azure Storage backend, every activity input recorded in the
/// task hub's history is measured. Only the orchestration's own input carries the spec; every activity gets the run
/// by reference.
/// </summary>
public sealed class ActivityInputSizeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Activities_get_the_run_by_reference_not_the_spec()
    {
        using var storage = PrivateAzurite.Start();
        var pipeline = Samples.UniquePipelineName("sizes");
        var specFile = Path.Combine(Path.GetTempPath(), $"{pipeline}.json");
        var dataFile = Path.Combine(Path.GetTempPath(), $"{pipeline}.csv");
        await File.WriteAllTextAsync(specFile, Samples.CreditSpecJson(pipeline));
        await File.WriteAllBytesAsync(dataFile, FastPipelines.Dataset(rows: 600).ToArray());
        var hub = Environment.GetEnvironmentVariable("Cd4ml__Durable__TaskHub")!;

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["run", "-p", specFile, "-d", dataFile, "--storage", storage.ConnectionString], stdout, stderr);
        Assert.True(exit == ExitCodes.Completed, $"{stdout}\n{stderr}");

        var history = new TableServiceClient(storage.ConnectionString).GetTableClient($"{hub}History");
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in history.QueryAsync<TableEntity>(filter: (string?)null))
        {
            // One partition per orchestration instance; the run's ids start with the pipeline's name.
            if (row.PartitionKey.StartsWith(pipeline, StringComparison.Ordinal)
                && row.GetString("EventType") == "TaskScheduled" && row.GetString("Name") is { } name)
            {
                var input = row.GetString("Input") ?? "";
                sizes[name] = Math.Max(sizes.GetValueOrDefault(name), input.Length);
                // The spec's trainer list would show wherever the spec itself travelled.
                Assert.DoesNotContain("\"trainers\"", input, StringComparison.OrdinalIgnoreCase);
            }
        }

        foreach (var (name, size) in sizes.OrderByDescending(kv => kv.Value))
        {
            output.WriteLine($"{name,-28} {size,7:N0} characters (largest input of the run)");
        }

        Assert.Contains("TrainCandidateActivity", sizes.Keys);
        Assert.Contains("RunDataCheckActivity", sizes.Keys);
    }
}
