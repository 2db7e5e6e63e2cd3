using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Monitoring;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Pipeline.Tests.Monitoring;

/// <summary>
/// Stands in for the scoring side in these tests: runs a published binary model on rows and writes the predictions
/// CSV, its manifest and the scored input copy in the shared contract's format, without an id column (rows are
/// identified by line).
/// </summary>
internal static class ChampionScoring
{
    /// <summary>Scores <paramref name="labelledCsv"/> (rows with their true label, so they can be loaded as training data) as <c>{name}</c>.</summary>
    public static async Task ScoreAsync(BlobServiceClient service, ModelRegistry registry, PipelineSpec spec, int version, string name, string labelledCsv, DateTimeOffset scoredAt)
    {
        var manifest = (await registry.GetManifestAsync(spec.Name, version))!;
        var ml = new MLContext(spec.Seed);
        var path = Path.Combine(Path.GetTempPath(), $"cd4ml-score-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, labelledCsv);
        try
        {
            var data = TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec);
            using var zip = (await registry.DownloadVerifiedModelAsync(manifest)).ToStream();
            var scored = ml.Model.Load(zip, out _).Transform(data.Raw);
            var predicted = scored.GetColumn<bool>("PredictedLabel").ToList();
            var probability = scored.GetColumn<float>("Probability").ToList();
            var score = scored.GetColumn<float>("Score").ToList();
            var negative = data.Classes[0];
            var csv = new StringBuilder("line,prediction,probability,score,modelVersion\n");
            for (var i = 0; i < predicted.Count; i++)
            {
                // One data row per physical line, header on line 1: the i-th row is on line i + 2.
                csv.Append(CultureInfo.InvariantCulture, $"{i + 2},{(predicted[i] ? spec.PositiveClass : negative)},{probability[i]:R},{score[i]:R},{version}\n");
            }

            var input = WithoutColumn(labelledCsv, spec.Label);
            var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
            var inputBlob = MonitoringStore.ScoredInputBlob(spec.Name, sha);
            await service.GetBlobContainerClient(Containers.Monitoring).GetBlobClient(inputBlob).UploadAsync(BinaryData.FromString(input), overwrite: true);
            var predictions = service.GetBlobContainerClient(Containers.Predictions);
            await predictions.GetBlobClient($"{spec.Name}/{name}.csv").UploadAsync(BinaryData.FromString(csv.ToString()), overwrite: true);
            var contract = new PredictionsManifest
            {
                Pipeline = spec.Name,
                Source = $"{Containers.Scoring}/{spec.Name}/{name}.csv",
                SourceETag = "\"stand-in\"",
                InputSha256 = sha,
                InputBlob = $"{Containers.Monitoring}/{inputBlob}",
                IdColumn = null,
                Rows = predicted.Count,
                ScoredAt = scoredAt,
                Versions = [new ScoringVersion(version, manifest.ModelSha256, predicted.Count)],
                LabelClasses = data.Classes,
                PositiveClass = spec.PositiveClass,
            };
            await predictions.GetBlobClient($"{spec.Name}/{name}.json").UploadAsync(BinaryData.FromObjectAsJson(contract, SpecJson.Options), overwrite: true);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Feedback for lines <paramref name="from"/>..<paramref name="to"/> (data lines, 2-based) of a scored file, labels flipped on request.</summary>
    public static string Feedback(string labelledCsv, string label, string source, int from, int to, bool flip, IReadOnlyList<string> classes)
    {
        var table = CsvTable.Parse(source, labelledCsv);
        var index = table.IndexOf(label);
        var text = new StringBuilder($"line,source,{label}\n");
        foreach (var row in table.Rows.Where(r => r.Line >= from && r.Line <= to))
        {
            var truth = row.Cells[index];
            var sent = flip ? classes.First(c => c != truth) : truth;
            text.Append(CultureInfo.InvariantCulture, $"{row.Line},{source},{sent}\n");
        }

        return text.ToString();
    }

    private static string WithoutColumn(string csv, string column)
    {
        var table = CsvTable.Parse("input", csv);
        var keep = table.Header.Select((h, i) => (h, i)).Where(c => c.h != column).Select(c => c.i).ToList();
        return CsvTable.Write([.. keep.Select(i => table.Header[i])], table.Rows.Select(r => (IReadOnlyList<string>)[.. keep.Select(i => r.Cells[i])]));
    }
}
