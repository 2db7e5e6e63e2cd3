using System.Globalization;
using Azure.Storage.Blobs;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests;

/// <summary>The data-quality gate through the real orchestration: profile, fanned-out checks, quarantine, drift.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DataGateTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Broken_csv_is_quarantined_and_its_report_names_the_lines_and_columns()
    {
        var pipeline = Samples.UniquePipelineName();
        var lines = File.ReadAllLines(RepoPaths.CreditBatch1);
        var income = Array.IndexOf(lines[0].Split(','), "Income");
        // Text in the numeric Income column in every 50th row: 2% of rows, over the 1% limit (and few enough that the
        // column is still numeric). After the ragged row inserted at line 7 they sit on lines 12, 62, 112, …
        var broken = lines.Select((line, i) => i > 0 && i % 50 == 10 ? SetCell(line, income, "unknown") : line).ToList();
        broken.Insert(6, "good,1,rent");

        var record = await RunAsync(pipeline, broken, "broken.csv");

        Assert.Equal(RunOutcome.DataRejected, record.Outcome);
        Assert.Empty(record.Candidates);
        var badValues = Assert.Single(record.Checks, c => c.Name == BadValuesCheck.Name && c.Status == CheckStatus.Fail);
        Assert.Equal("Income", badValues.Column);
        Assert.Contains("12", badValues.Message, StringComparison.Ordinal);
        var rowShape = Assert.Single(record.Checks, c => c.Name == RowShapeCheck.Name);
        Assert.Equal(CheckStatus.Fail, rowShape.Status);
        Assert.Contains("7", rowShape.Message, StringComparison.Ordinal);

        var html = await DownloadAsync(Containers.Quarantine, $"{QuarantineStore.ReportFolder(pipeline, record.Dataset.Sha256, record.RunId)}/report.html");
        Assert.Contains("Income", html, StringComparison.Ordinal);
        Assert.Contains("&quot;unknown&quot;", html, StringComparison.Ordinal);
        Assert.Contains("<td>12, 62, 112", html, StringComparison.Ordinal);
        Assert.Null((await _host.Get<ModelRegistry>().GetAliasAsync(pipeline, ModelRegistry.Champion)).Record);
    }

    [Fact]
    public async Task Profile_is_stored_beside_the_snapshot_with_the_same_hash()
    {
        var pipeline = Samples.UniquePipelineName();
        var record = await RunAsync(pipeline, File.ReadAllLines(RepoPaths.CreditBatch1), "batch-1.csv");

        var profile = await _host.Get<ProfileStore>().GetAsync(pipeline, record.Dataset.Sha256);
        Assert.NotNull(profile);
        Assert.Equal(record.Dataset.Sha256, profile.Sha256);
        Assert.Equal(2500, profile.Rows);
        Assert.Equal(record.Dataset.Rows, profile.Rows);
        Assert.Equal(DataChecks.Names.Count, record.Checks.Select(c => c.Name).Intersect(DataChecks.Names).Count());
    }

    [Fact]
    public async Task Warnings_of_the_data_a_version_was_trained_on_are_kept_in_its_manifest()
    {
        var pipeline = Samples.UniquePipelineName();
        // Duplicated rows: 10% of the file repeats earlier rows, a warning (not a failure) by default.
        var lines = File.ReadAllLines(RepoPaths.CreditBatch1).ToList();
        lines.AddRange(lines.Skip(1).Take(250));

        var record = await RunAsync(pipeline, lines, "with-duplicates.csv");

        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        var warning = Assert.Single(record.Checks, c => c.Name == DuplicatesCheck.Name);
        Assert.Equal(CheckStatus.Warn, warning.Status);
        var manifest = await _host.Get<ModelRegistry>().GetManifestAsync(pipeline, 1);
        Assert.Contains(manifest!.Checks, c => c.Name == DuplicatesCheck.Name && c.Status == CheckStatus.Warn);
    }

    [Fact]
    public async Task Shifted_data_after_a_champion_is_refused_for_drift_and_the_champion_stays()
    {
        var pipeline = Samples.UniquePipelineName();
        var lines = File.ReadAllLines(RepoPaths.CreditBatch1);
        var first = await RunAsync(pipeline, lines, "batch-1.csv");
        Assert.Equal(RunOutcome.Promoted, first.Outcome);

        var amount = Array.IndexOf(lines[0].Split(','), "Amount");
        var shifted = lines.Select((line, i) => i == 0 ? line : Scale(line, amount, 2.0)).ToList();
        var second = await RunAsync(pipeline, shifted, "batch-1-amounts-doubled.csv");

        Assert.Equal(RunOutcome.DataRejected, second.Outcome);
        var drift = Assert.Single(second.Checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal(DriftCheck.Name, drift.Name);
        Assert.Equal("Amount", drift.Column);
        Assert.Equal(1, (await _host.Get<ModelRegistry>().GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
    }

    private async Task<RunRecord> RunAsync(string pipeline, IEnumerable<string> lines, string blobName)
    {
        var local = Path.Combine(Path.GetTempPath(), $"{pipeline}-{blobName}");
        await File.WriteAllLinesAsync(local, lines);
        BlobClient blob = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/{blobName}");
        await blob.UploadAsync(local, overwrite: true);
        var start = await _host.Get<RunStarter>().StartAsync(_host.Client, Samples.CreditSpec(pipeline), $"{pipeline}/{blobName}", new RunTrigger("manual", "test"));
        var completed = await _host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        return completed.ReadOutputAs<RunRecord>()!;
    }

    private async Task<string> DownloadAsync(string container, string name) =>
        (await storage.Client.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();

    private static string SetCell(string line, int column, string value)
    {
        var cells = line.Split(',');
        cells[column] = value;
        return string.Join(',', cells);
    }

    private static string Scale(string line, int column, double factor)
    {
        var cells = line.Split(',');
        if (double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            cells[column] = (value * factor).ToString("R", CultureInfo.InvariantCulture);
        }

        return string.Join(',', cells);
    }
}
