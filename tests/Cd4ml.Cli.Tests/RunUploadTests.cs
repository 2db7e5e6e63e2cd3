using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>Issue 13, item 12: <c>cd4ml run</c> never uploads over a dataset that has not been snapshotted.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunUploadTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Run_refuses_to_upload_over_a_dataset_blob_that_was_not_snapshotted_and_says_what_to_do()
    {
        var pipeline = Samples.UniquePipelineName("up");
        var folder = Directory.CreateTempSubdirectory("cd4ml-upload-").FullName;
        var spec = Path.Combine(folder, "spec.json");
        await File.WriteAllTextAsync(spec, FastPipelines.SpecJson(pipeline));
        var data = Path.Combine(folder, "small.csv");
        await File.WriteAllTextAsync(data, FastPipelines.Dataset().ToString());
        // Another drop of the same name, waiting for its run: not snapshotted, content unknown to cd4ml.
        var waiting = storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient($"{pipeline}/small.csv");
        var other = FastPipelines.Dataset(rows: 200, skip: 300).ToString();
        await waiting.UploadAsync(BinaryData.FromString(other));

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["run", "--pipeline", spec, "--data", data, "--storage", storage.ConnectionString], stdout, stderr);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        var error = stderr.ToString();
        Assert.Contains($"datasets/{pipeline}/small.csv already exists with other content that has not been snapshotted", error, StringComparison.Ordinal);
        Assert.Contains("give your file another name", error, StringComparison.Ordinal);
        Assert.Equal(other, (await waiting.DownloadContentAsync()).Value.Content.ToString());
        var names = new List<string>();
        await foreach (var blob in storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{pipeline}/", default))
        {
            names.Add(blob.Name);
        }

        Assert.Equal([$"{pipeline}/small.csv"], names);
    }
}
