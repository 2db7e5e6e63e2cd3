using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Pipeline.Tests.Scoring;

/// <summary>Champions trained for real on the samples, scoring files cut from the same samples, and the model's own answers to compare with.</summary>
internal static class ScoringFixtures
{
    /// <summary>The credit sample with an <c>applicant</c> id column first (A1, A2…), header included; rows from <paramref name="skip"/>.</summary>
    public static string CreditWithIds(int rows, int skip = 0, string file = "credit-batch-1.csv")
    {
        var lines = File.ReadLines(Path.Combine(RepoPaths.Samples, "credit-risk", file)).ToList();
        var text = new StringBuilder("applicant,").Append(lines[0]).Append('\n');
        foreach (var (line, i) in lines.Skip(1 + skip).Take(rows).Select((l, i) => (l, i)))
        {
            text.Append(CultureInfo.InvariantCulture, $"A{skip + i + 1},").Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The credit spec with one fast trainer and <c>applicant</c> as the monitoring id column (null: no monitoring section).</summary>
    public static string CreditSpec(string pipeline, string? idColumn = "applicant")
    {
        var spec = JsonNode.Parse(FastPipelines.SpecJson(pipeline))!.AsObject();
        if (idColumn is not null)
        {
            spec["monitoring"] = new JsonObject { ["idColumn"] = idColumn };
        }
        else
        {
            spec["exclude"] = new JsonArray("applicant");
        }

        return spec.ToJsonString();
    }

    /// <summary>The penguins spec with one fast trainer.</summary>
    public static string PenguinsSpec(string pipeline)
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Samples, "penguins", "penguins.json")))!.AsObject();
        spec["name"] = pipeline;
        spec["trainers"] = new JsonArray(new JsonObject { ["name"] = "LbfgsMaximumEntropy" });
        spec.Remove("crossValidation");
        return spec.ToJsonString();
    }

    /// <summary>Trains <paramref name="specJson"/> on <paramref name="csv"/> through the real pipeline and checks it became the champion.</summary>
    public static async Task<ModelManifest> PromoteChampionAsync(PipelineTestHost host, AzuriteFixture storage, string specJson, string csv)
    {
        var spec = PipelineSpecParser.Parse(specJson, "test spec");
        var blob = $"{spec.Name}/train.csv";
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(blob).UploadAsync(BinaryData.FromString(csv), overwrite: true);
        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, blob, new RunTrigger("manual", "test"));
        var run = await host.Client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token);
        var record = run.ReadOutputAs<RunRecord>()!;
        Assert.True(record.Outcome == RunOutcome.Promoted, $"{record.Outcome}: {record.Message}");
        var (alias, _) = await host.Get<ModelRegistry>().GetAliasAsync(spec.Name, ModelRegistry.Champion);
        return (await host.Get<ModelRegistry>().GetManifestAsync(spec.Name, alias!.Version))!;
    }

    /// <summary>Drops a scoring file, hands it to the arrival handler as a trigger would, and waits for the orchestration's record.</summary>
    public static async Task<(ScoringRecord Record, ScoringArrivalResult Arrival)> DropAndScoreAsync(PipelineTestHost host, BlobServiceClient service, string pipeline, string name, string csv)
    {
        var blob = $"{pipeline}/{name}.csv";
        await service.GetBlobContainerClient(Containers.Scoring).GetBlobClient(blob).UploadAsync(BinaryData.FromString(csv), overwrite: true);
        var arrival = await host.Get<ScoringArrivalHandler>().HandleAsync(host.Client, blob);
        Assert.Equal(ScoringArrivalStatuses.Started, arrival.Status);
        var done = await host.Client.WaitForInstanceCompletionAsync(arrival.InstanceId!, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return (done.ReadOutputAs<ScoringRecord>()!, arrival);
    }

    public static async Task<string> ReadTextAsync(BlobServiceClient service, string container, string name) =>
        (await service.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();

    /// <summary>The output rows as cells (a simple split: the test data has no quoted fields).</summary>
    public static List<string[]> Rows(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(','))];

    /// <summary>
    /// Scores a CSV file the plain ML.NET way, as a reference: the model's zip loaded from the registry, a TextLoader
    /// over the file with the model's input columns, <c>Transform</c>, and the outputs read from the cursor.
    /// </summary>
    public static async Task<List<(string Label, float Score, float Probability)>> ScoreDirectlyAsync(ModelRegistry registry, ModelManifest manifest, string csv, IReadOnlyList<string> classes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"direct-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        try
        {
            var ml = new MLContext(manifest.Seed);
            var zip = await registry.DownloadVerifiedModelAsync(manifest);
            var model = ml.Model.Load(zip.ToStream(), out var schema);
            var header = csv[..csv.IndexOf('\n', StringComparison.Ordinal)].Split(',').ToList();
            var columns = schema.Select(c => new TextLoader.Column(c.Name, c.Type == NumberDataViewType.Single ? DataKind.Single : DataKind.String, header.IndexOf(c.Name))).ToArray();
            var loader = ml.Data.CreateTextLoader(new TextLoader.Options
            {
                Columns = columns, HasHeader = true, Separators = [','], AllowQuoting = true, TrimWhitespace = true, MissingRealsAsNaNs = true,
            });
            var scored = model.Transform(loader.Load(path));
            var answers = new List<(string, float, float)>();
            using var cursor = scored.GetRowCursor(scored.Schema);
            var score = cursor.GetGetter<float>(scored.Schema["Score"]);
            var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
            var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
            while (cursor.MoveNext())
            {
                float s = 0, p = 0;
                var l = false;
                score(ref s);
                probability(ref p);
                label(ref l);
                answers.Add((classes[l ? 1 : 0], s, p));
            }

            return answers;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
