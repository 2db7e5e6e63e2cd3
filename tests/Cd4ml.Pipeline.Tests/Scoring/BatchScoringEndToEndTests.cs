using System.Globalization;
using System.Text.Json;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Testing;
using static Cd4ml.Pipeline.Tests.Scoring.ScoringFixtures;

namespace Cd4ml.Pipeline.Tests.Scoring;

/// <summary>
/// Batch scoring end to end: a champion trained for real on the credit sample, scoring files dropped into Azurite, the
/// real Durable worker running <see cref="ScoringPipeline"/>, and the predictions compared with ML.NET's own answers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BatchScoringEndToEndTests(AzuriteFixture storage) : IAsyncLifetime
{
    private PipelineTestHost _host = null!;

    public async Task InitializeAsync() => _host = await PipelineTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_dropped_file_is_scored_by_the_champion_row_for_row_as_the_model_itself_scores_it()
    {
        var pipeline = Samples.UniquePipelineName("score");
        var champion = await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        var input = CreditWithIds(250, skip: 1000);

        var (record, arrival) = await DropAndScoreAsync(_host, storage.Client, pipeline, "april", input);

        Assert.Equal(ScoringStatuses.Scored, record.Status);
        Assert.Equal(250, record.Rows);
        Assert.Equal($"{Containers.Predictions}/{pipeline}/april.csv", record.Output);
        var rows = Rows(await ReadTextAsync(storage.Client, Containers.Predictions, $"{pipeline}/april.csv"));
        Assert.Equal(["applicant", "prediction", "probability", "score", "modelVersion"], rows[0]);
        Assert.Equal(251, rows.Count);
        Assert.Equal(Enumerable.Range(1001, 250).Select(i => $"A{i}"), rows.Skip(1).Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.Equal(champion.Version.ToString(CultureInfo.InvariantCulture), r[4]));

        var expected = await ScoreDirectlyAsync(_host.Get<ModelRegistry>(), champion, input, ["good", "bad"]);
        Assert.Equal(expected.Select(e => e.Label), rows.Skip(1).Select(r => r[1]));
        Assert.Equal(expected.Select(e => e.Probability), rows.Skip(1).Select(r => float.Parse(r[2], CultureInfo.InvariantCulture)));
        Assert.Equal(expected.Select(e => e.Score), rows.Skip(1).Select(r => float.Parse(r[3], CultureInfo.InvariantCulture)));
        Assert.Contains(rows.Skip(1), r => r[1] == "bad");

        var manifest = JsonDocument.Parse(await ReadTextAsync(storage.Client, Containers.Predictions, $"{pipeline}/april.json")).RootElement;
        Assert.Equal($"{Containers.Scoring}/{pipeline}/april.csv", manifest.GetProperty("source").GetString());
        Assert.Equal(arrival.ETag, manifest.GetProperty("sourceETag").GetString());
        Assert.Equal("applicant", manifest.GetProperty("idColumn").GetString());
        Assert.Equal(250, manifest.GetProperty("rows").GetInt64());
        Assert.Equal("bad", manifest.GetProperty("positiveClass").GetString());
        Assert.Equal(["good", "bad"], manifest.GetProperty("labelClasses").EnumerateArray().Select(c => c.GetString()));
        var version = Assert.Single(manifest.GetProperty("versions").EnumerateArray().ToList());
        Assert.Equal(champion.Version, version.GetProperty("version").GetInt32());
        Assert.Equal(champion.ModelSha256, version.GetProperty("sha256").GetString());
        var sha = manifest.GetProperty("inputSha256").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(input))), sha);
        Assert.Equal($"{Containers.Monitoring}/{pipeline}/scored/{sha}.csv", manifest.GetProperty("inputBlob").GetString());
        Assert.Equal(input, await ReadTextAsync(storage.Client, Containers.Monitoring, $"{pipeline}/scored/{sha}.csv"));

        // The same version of the file again (a duplicate event) starts nothing.
        var again = await _host.Get<ScoringArrivalHandler>().HandleAsync(_host.Client, $"{pipeline}/april.csv");
        Assert.Equal(ScoringArrivalStatuses.AlreadyAccepted, again.Status);
        Assert.Equal(arrival.InstanceId, again.InstanceId);
    }

    [Fact]
    public async Task A_file_split_into_many_chunks_gives_byte_for_byte_the_output_of_one_chunk()
    {
        var pipeline = Samples.UniquePipelineName("chunk");
        await PromoteChampionAsync(_host, storage, CreditSpec(pipeline, idColumn: null), CreditWithIds(600));
        // A quoted field with a line break inside moves every later line number by one; chunks must not cut it.
        var input = CreditWithIds(300, skip: 700).Replace("A705,", "\"A7\n05\",", StringComparison.Ordinal);

        var (whole, _) = await DropAndScoreAsync(_host, storage.Client, pipeline, "whole", input);
        await using var chunked = await PipelineTestHost.StartAsync(storage, settings: new Dictionary<string, string?> { ["Cd4ml:Scoring:RowsPerChunk"] = "37" });
        var (parts, arrival) = await DropAndScoreAsync(chunked, storage.Client, pipeline, "parts", input);

        Assert.Equal(ScoringStatuses.Scored, whole.Status);
        Assert.Equal(ScoringStatuses.Scored, parts.Status);
        Assert.Equal(300, parts.Rows);
        var status = await chunked.Client.GetInstanceAsync(arrival.InstanceId!, getInputsAndOutputs: true);
        var progress = status!.ReadCustomStatusAs<ScoringProgress>()!;
        Assert.Equal((ScoringStatuses.Scored, 9, 9, 300L), (progress.Stage, progress.ChunksDone, progress.Chunks, progress.Rows));
        var wholeText = await ReadTextAsync(storage.Client, Containers.Predictions, $"{pipeline}/whole.csv");
        Assert.Equal(wholeText, await ReadTextAsync(storage.Client, Containers.Predictions, $"{pipeline}/parts.csv"));
        var rows = Rows(wholeText);
        Assert.Equal("line", rows[0][0]);
        Assert.Equal(["2", "3", "4", "5", "6", "8", "9"], rows.Skip(1).Take(7).Select(r => r[0]));
        Assert.Empty(storage.Client.GetBlobContainerClient(Containers.Runs).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"_scoring/{pipeline}/", CancellationToken.None));
    }

    [Fact]
    public async Task A_file_whose_columns_do_not_match_is_refused_with_the_columns_named_and_quarantined()
    {
        var pipeline = Samples.UniquePipelineName("schema");
        var champion = await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        var input = CreditWithIds(20, skip: 900).Replace("Seniority,", "Tenure,", StringComparison.Ordinal);

        var (record, arrival) = await DropAndScoreAsync(_host, storage.Client, pipeline, "renamed", input);

        Assert.Equal(ScoringStatuses.Refused, record.Status);
        Assert.Contains("missing column(s) 'Seniority'", record.Reason, StringComparison.Ordinal);
        Assert.Contains("unexpected column(s) 'Tenure'", record.Reason, StringComparison.Ordinal);
        Assert.False(await storage.Client.GetBlobContainerClient(Containers.Predictions).GetBlobClient($"{pipeline}/renamed.csv").ExistsAsync());
        var folder = ScoringBlobs.QuarantineFolder(pipeline, "renamed", arrival.ETag);
        Assert.Equal($"{Containers.Quarantine}/{folder}", record.Quarantine);
        Assert.Equal(input, await ReadTextAsync(storage.Client, Containers.Quarantine, folder + "data.csv"));
        var report = JsonDocument.Parse(await ReadTextAsync(storage.Client, Containers.Quarantine, folder + "report.json")).RootElement;
        Assert.Equal(["Seniority"], report.GetProperty("missingColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Tenure"], report.GetProperty("unexpectedColumns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(champion.Version, report.GetProperty("modelVersion").GetInt32());
        Assert.Equal(input, await ReadTextAsync(storage.Client, Containers.Scoring, $"{pipeline}/renamed.csv"));
    }

    [Fact]
    public async Task A_header_over_the_limit_is_refused_naming_the_setting_before_it_is_read()
    {
        var pipeline = Samples.UniquePipelineName("header");
        await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        await using var strict = await PipelineTestHost.StartAsync(storage, settings: new Dictionary<string, string?> { ["Cd4ml:Limits:MaxHeaderBytes"] = "64" });

        var (record, _) = await DropAndScoreAsync(strict, storage.Client, pipeline, "wide", CreditWithIds(5, skip: 900));

        Assert.Equal(ScoringStatuses.Refused, record.Status);
        Assert.StartsWith("the header (line 1) is 102 bytes, more than the 64 a file may have", record.Reason, StringComparison.Ordinal);
        Assert.Contains("Cd4ml:Limits:MaxHeaderBytes (Cd4ml__Limits__MaxHeaderBytes)", record.Reason, StringComparison.Ordinal);
        Assert.NotNull(record.Quarantine);
    }

    [Fact]
    public async Task Cells_that_are_not_numbers_refuse_the_file_with_their_line_numbers_and_nothing_is_scored()
    {
        var pipeline = Samples.UniquePipelineName("cells");
        await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        var lines = CreditWithIds(400, skip: 900).Split('\n').ToList();
        // Age is the 6th column (after applicant): line 5 and line 300 get text; NA stays a missing value, never a problem.
        lines[4] = Replace(lines[4], 5, "thirty");
        lines[299] = Replace(lines[299], 5, "4O");
        lines[10] = Replace(lines[10], 5, "NA");
        var input = string.Join('\n', lines);
        await using var chunked = await PipelineTestHost.StartAsync(storage, settings: new Dictionary<string, string?> { ["Cd4ml:Scoring:RowsPerChunk"] = "100" });

        var (record, arrival) = await DropAndScoreAsync(chunked, storage.Client, pipeline, "typos", input);

        Assert.Equal(ScoringStatuses.Refused, record.Status);
        Assert.StartsWith("2 problem(s) in the rows, first: line 5, column 'Age': not a number", record.Reason, StringComparison.Ordinal);
        var report = JsonDocument.Parse(await ReadTextAsync(storage.Client, Containers.Quarantine, ScoringBlobs.QuarantineFolder(pipeline, "typos", arrival.ETag) + "report.json")).RootElement;
        Assert.Equal(2, report.GetProperty("problemCount").GetInt64());
        Assert.Equal([5L, 300L], report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("line").GetInt64()));
        Assert.Equal(["thirty", "4O"], report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("value").GetString()));
        Assert.False(await storage.Client.GetBlobContainerClient(Containers.Predictions).GetBlobClient($"{pipeline}/typos.csv").ExistsAsync());
        Assert.Empty(storage.Client.GetBlobContainerClient(Containers.Runs).GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"_scoring/{pipeline}/", CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_champion_the_file_waits_untouched_and_the_poller_scores_it_once_one_is_promoted()
    {
        var pipeline = Samples.UniquePipelineName("wait");
        var blob = $"{pipeline}/early.csv";
        var input = CreditWithIds(30, skip: 900);
        await storage.Client.GetBlobContainerClient(Containers.Scoring).GetBlobClient(blob).UploadAsync(BinaryData.FromString(input));
        var poller = new ScoringPoller(storage.Client, _host.Get<ScoringReceipts>(), _host.Get<ScoringArrivalHandler>(), _host.Client,
            Microsoft.Extensions.Options.Options.Create(new Cd4ml.Pipeline.Triggers.DatasetPollerOptions()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ScoringPoller>.Instance);

        await poller.PollOnceAsync(CancellationToken.None);
        var etag = (await storage.Client.GetBlobContainerClient(Containers.Scoring).GetBlobClient(blob).GetPropertiesAsync()).Value.ETag.ToString();
        var waiting = await _host.Get<ScoringReceipts>().ReadAsync(blob, etag);
        Assert.Equal(ScoringArrivalStatuses.WaitingForChampion, waiting!.Status);
        Assert.Equal($"pipeline {pipeline} has no champion yet; the file is left in place and scored once a champion exists", waiting.Reason);

        await PromoteChampionAsync(_host, storage, CreditSpec(pipeline), CreditWithIds(600));
        await poller.PollOnceAsync(CancellationToken.None);
        var started = await _host.Get<ScoringReceipts>().ReadAsync(blob, etag);
        Assert.Equal(ScoringArrivalStatuses.Started, started!.Status);
        var done = await _host.Client.WaitForInstanceCompletionAsync(started.InstanceId!, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.Equal(ScoringStatuses.Scored, done.ReadOutputAs<ScoringRecord>()!.Status);
        Assert.Equal(0, await poller.PollOnceAsync(CancellationToken.None));
    }

    private static string Replace(string line, int column, string value)
    {
        var cells = line.Split(',');
        cells[column] = value;
        return string.Join(',', cells);
    }
}
