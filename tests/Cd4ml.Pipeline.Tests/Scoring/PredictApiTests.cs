using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Tests.Webhooks;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using static Cd4ml.Pipeline.Tests.Scoring.ScoringFixtures;

namespace Cd4ml.Pipeline.Tests.Scoring;

/// <summary>
/// <c>POST /api/pipelines/{pipeline}/predict</c> through the handler both hosts call, with champions trained for real:
/// binary (credit) and multiclass (penguins), its limits, its refusals, and the rows it keeps for monitoring.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PredictApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage, settings: new Dictionary<string, string?>
    {
        ["Cd4ml:Scoring:MaxOnlineRows"] = "50",
        ["Cd4ml:Scoring:MaxOnlineBodyBytes"] = "20000",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Binary_rows_get_the_champions_answers_and_are_kept_for_monitoring()
    {
        var pipeline = Samples.UniquePipelineName("online");
        var champion = await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        var csv = CreditWithIds(20, skip: 1200);

        var answer = await PostAsync(pipeline, RowsJson(csv, drop: "Status"));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var body = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(champion.Version, body.GetProperty("modelVersion").GetInt32());
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        var expected = await ScoreDirectlyAsync(_host.Get<ModelRegistry>(), champion, csv, ["good", "bad"]);
        Assert.Equal(expected.Select(e => e.Label), predictions.Select(p => p.GetProperty("prediction").GetString()));
        Assert.Equal(expected.Select(e => e.Probability), predictions.Select(p => p.GetProperty("probability").GetSingle()));
        Assert.Equal(expected.Select(e => e.Score), predictions.Select(p => p.GetProperty("score").GetSingle()));

        await _host.Get<OnlineSamples>().WhenIdleAsync();
        var sampleBlob = BlobAddress.Parse(body.GetProperty("sample").GetString()!);
        Assert.Matches($@"^{pipeline}/online/\d{{4}}-\d{{2}}-\d{{2}}/\d{{9}}-[0-9a-f]{{32}}\.csv$", sampleBlob.Name);
        var sample = Rows(await ReadTextAsync(storage.Client, sampleBlob.Container, sampleBlob.Name));
        Assert.Equal(["applicant", "Seniority", "Home"], sample[0].Take(3));
        Assert.Equal(["prediction", "probability", "score", "modelVersion"], sample[0].TakeLast(4));
        Assert.Equal(21, sample.Count);
        Assert.Equal("A1201", sample[1][0]);
        Assert.Equal(expected[0].Label, sample[1][^4]);
        Assert.Equal(champion.Version.ToString(CultureInfo.InvariantCulture), sample[1][^1]);
    }

    [Fact]
    public async Task Multiclass_rows_get_the_class_and_a_probability_per_class_the_same_online_and_in_batch()
    {
        var pipeline = Samples.UniquePipelineName("penguin");
        var penguins = File.ReadAllText(Path.Combine(RepoPaths.Samples, "penguins", "penguins.csv")).Replace("\r", "", StringComparison.Ordinal);
        var champion = await PromoteChampionAsync(_host, storage, PenguinsSpec(pipeline), penguins);
        var lines = penguins.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var some = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % 8 == 0))) + "\n";

        var (record, _) = await DropAndScoreAsync(_host, storage.Client, pipeline, "some", some);
        var answer = await PostAsync(pipeline, RowsJson(some, drop: null));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        var batch = Rows(await ReadTextAsync(storage.Client, Containers.Predictions, $"{pipeline}/some.csv"));
        Assert.Equal(["line", "prediction", "probability:Adelie", "probability:Chinstrap", "probability:Gentoo", "modelVersion"], batch[0]);
        var online = JsonDocument.Parse(answer.Body).RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(record.Rows, online.Count);
        Assert.Equal(batch.Skip(1).Select(r => r[1]), online.Select(p => p.GetProperty("prediction").GetString()));
        foreach (var (row, prediction) in batch.Skip(1).Zip(online))
        {
            var probabilities = row[2..5].Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(probabilities.Sum(), 0.999f, 1.001f);
            Assert.Equal(new[] { "Adelie", "Chinstrap", "Gentoo" }[Array.IndexOf(probabilities, probabilities.Max())], row[1]);
            Assert.Equal(probabilities[0], prediction.GetProperty("probabilities").GetProperty("Adelie").GetSingle());
        }

        // The model answers its own training rows well: the classes are not shuffled on the way out.
        var truth = lines.Skip(1).Where((_, i) => i % 8 == 0).Select(l => l.Split(',')[0]).ToList();
        Assert.True(truth.Zip(batch.Skip(1)).Count(t => t.First == t.Second[1]) >= 0.9 * truth.Count);
        Assert.Equal(champion.Version, JsonDocument.Parse(answer.Body).RootElement.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task Limits_shapes_and_values_are_refused_with_what_to_change()
    {
        var pipeline = Samples.UniquePipelineName("limits");
        var noChampion = await PostAsync(pipeline, RowsJson(CreditWithIds(2), drop: null));
        await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        var rows = RowsJson(CreditWithIds(3, skip: 1300), drop: "Status");

        var tooManyRows = await PostAsync(pipeline, RowsJson(CreditWithIds(51, skip: 1300), drop: "Status"));
        var tooLarge = await PostAsync(pipeline, RowsJson(CreditWithIds(150, skip: 1300), drop: "Status"), declareLength: false);
        var missing = await PostAsync(pipeline, rows.Replace("\"Age\":", "\"Years\":", StringComparison.Ordinal));
        var badNumber = await PostAsync(pipeline, SetFirst(rows, "Income", JsonValue.Create("lots")));
        var badJson = await PostAsync(pipeline, "{\"rows\": [");
        var noRows = await PostAsync(pipeline, "{\"data\": []}");

        Assert.Equal((StatusCodes.Status409Conflict, $"pipeline {pipeline} has no champion yet"), (noChampion.Status, Error(noChampion)));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooManyRows.Status);
        Assert.Contains("$.rows has 51 rows; at most 50", Error(tooManyRows), StringComparison.Ordinal);
        Assert.Contains("Cd4ml:Scoring:MaxOnlineRows", Error(tooManyRows), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, tooLarge.Status);
        Assert.Contains("larger than 20000 bytes (setting Cd4ml:Scoring:MaxOnlineBodyBytes)", Error(tooLarge), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status400BadRequest, missing.Status);
        Assert.Contains("$.rows[0]:", Error(missing), StringComparison.Ordinal);
        Assert.Contains("missing column(s) 'Age'", Error(missing), StringComparison.Ordinal);
        Assert.Contains("unexpected column(s) 'Years'", Error(missing), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status400BadRequest, badNumber.Status);
        Assert.Equal("$.rows[0].Income: \"lots\" is not a number (use null for a missing value)", Error(badNumber));
        Assert.Equal(StatusCodes.Status400BadRequest, badJson.Status);
        Assert.Equal(StatusCodes.Status400BadRequest, noRows.Status);
        Assert.StartsWith("$.rows is required", Error(noRows), StringComparison.Ordinal);
        Assert.Empty(storage.Client.GetBlobContainerClient(Containers.Monitoring).GetBlobs(BlobTraits.None, BlobStates.None, $"{pipeline}/online/", CancellationToken.None));
    }

    private async Task<WebhookRequests.Answer> PostAsync(string pipeline, string json, bool declareLength = true) =>
        await WebhookRequests.ExecuteAsync(await _host.Get<PredictApi>().PredictAsync(WebhookRequests.Request(Encoding.UTF8.GetBytes(json), declareLength), pipeline));

    private static string Error(WebhookRequests.Answer answer) => JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetString()!;

    /// <summary>A CSV's rows as the request's JSON objects: numbers as JSON numbers, the rest as strings, less one column.</summary>
    private static string RowsJson(string csv, string? drop)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var rows = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var row = new JsonObject();
            foreach (var (name, cell) in header.Zip(line.Split(',')))
            {
                if (name != drop)
                {
                    // NA stays text, as in the file: a numeric column reads it as missing, a categorical one as the category "NA".
                    row[name] = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(cell);
                }
            }

            rows.Add(row);
        }

        return new JsonObject { ["rows"] = rows }.ToJsonString();
    }

    private static string SetFirst(string json, string column, JsonNode value)
    {
        var root = JsonNode.Parse(json)!;
        root["rows"]![0]![column] = value;
        return root.ToJsonString();
    }
}
