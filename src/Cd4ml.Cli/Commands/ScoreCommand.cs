using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml score --pipeline P --data FILE.csv [--out FILE] [--version N]</c>: scores a local CSV file with the champion
/// (or a given version) from the registry, on this machine, writing the same CSV as batch scoring. Exit codes: 0 scored,
/// 2 bad command line, 3 the file was refused (columns or cells; nothing written), 1 no champion or storage failed.
/// </summary>
public static class ScoreCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "The pipeline whose model scores (required)." };
        var data = new Option<FileInfo?>("--data", "-d") { Description = "The CSV file to score (UTF-8, comma-separated, header first; required)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where the predictions go; default: FILE.predictions.csv beside the input." };
        var version = new Option<int?>("--version", "-n") { Description = "Score with this version instead of the champion." };
        var storage = new Option<string?>("--storage")
        {
            Description = "Storage connection string; default: the AzureWebJobsStorage setting, else UseDevelopmentStorage=true (Azurite).",
        };
        var command = new Command("score", "Score a CSV file with the champion (or --version) from the registry, writing predictions in the batch format.")
        {
            pipeline, data, output, version, storage,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(pipeline), parse.GetValue(data), parse.GetValue(output), parse.GetValue(version), parse.GetValue(storage), stdout, stderr, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string? pipeline, FileInfo? data, FileInfo? output, int? version, string? storage, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!PipelineNames.IsValid(pipeline))
        {
            await stderr.WriteLineAsync(pipeline is null ? "error: --pipeline is required" : $"error: '{pipeline}' is not a pipeline name: {PipelineNames.Rule}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        if (data is null || !data.Exists)
        {
            await stderr.WriteLineAsync(data is null ? "error: --data is required: the CSV file to score" : $"error: {data.FullName} does not exist; give the path of a CSV file").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        if (version is < 1)
        {
            await stderr.WriteLineAsync("error: --version must be 1 or more").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var target = output ?? new FileInfo(Path.ChangeExtension(data.FullName, null) + ".predictions.csv");
        await using var services = StorageServices.Create(storage);
        ScoringModel model;
        try
        {
            model = await LoadAsync(services.GetRequiredService<ScoringModels>(), services.GetRequiredService<ModelRegistry>(), pipeline!, version, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NoChampionException or InvalidDataException or ModelTooLargeException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            await stderr.WriteLineAsync($"error: storage failed ({ex.Message.Split('\n')[0]}). Start Azurite with `bash infra/start-azurite.sh` or set AzureWebJobsStorage / --storage.")
                .ConfigureAwait(false);
            return ExitCodes.Error;
        }

        return await ScoreFileAsync(model, data, target, stdout, stderr).ConfigureAwait(false);
    }

    private static async Task<ScoringModel> LoadAsync(ScoringModels models, ModelRegistry registry, string pipeline, int? version, CancellationToken ct)
    {
        if (version is not { } n)
        {
            return await models.GetChampionAsync(pipeline, ct).ConfigureAwait(false);
        }

        var manifest = await registry.GetManifestAsync(pipeline, n, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{pipeline} has no version {n.ToString(CultureInfo.InvariantCulture)}");
        return await models.GetAsync(pipeline, new ChampionPin(manifest.Version, manifest.ModelSha256), ct).ConfigureAwait(false);
    }

    private static async Task<int> ScoreFileAsync(ScoringModel model, FileInfo data, FileInfo target, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        using var records = new CsvRecordReader(data.OpenRead());
        IReadOnlyList<string> header;
        try
        {
            header = BatchScorer.ReadHeader(records);
        }
        catch (InvalidDataException ex)
        {
            await stderr.WriteLineAsync($"error: {data.Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.DataRejected;
        }

        var schema = ScoringSchema.Match(model, header);
        if (!schema.Matches)
        {
            await stderr.WriteLineAsync($"refused: {data.Name}: {schema.Problem(model.Version)}; nothing was scored").ConfigureAwait(false);
            return ExitCodes.DataRejected;
        }

        // Written beside the target and moved into place only when every row scored: a refused file leaves no output.
        var partial = target.FullName + ".partial";
        BatchScoreResult result;
        await using (var writer = new StreamWriter(partial, false, new UTF8Encoding(false), 64 * 1024))
        {
            await writer.WriteAsync(PredictionCsv.HeaderLine(model)).ConfigureAwait(false);
            result = BatchScorer.Score(model, schema, records, writer,
                rows => stderr.WriteLine($"  scored {rows.ToString("N0", CultureInfo.InvariantCulture)} rows ({clock.Elapsed.TotalSeconds:F1} s)"));
        }

        if (result.Refused)
        {
            File.Delete(partial);
            await stderr.WriteLineAsync($"refused: {data.Name}: {result.ProblemCount} problem(s) in the rows; nothing was scored").ConfigureAwait(false);
            foreach (var problem in result.Problems)
            {
                await stderr.WriteLineAsync($"  {problem}{(problem.Value is null ? "" : $" ('{problem.Value}')")}").ConfigureAwait(false);
            }

            if (result.ProblemCount > result.Problems.Count)
            {
                await stderr.WriteLineAsync($"  …and {result.ProblemCount - result.Problems.Count} more").ConfigureAwait(false);
            }

            return ExitCodes.DataRejected;
        }

        File.Move(partial, target.FullName, overwrite: true);
        var seconds = clock.Elapsed.TotalSeconds;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Scored {result.Rows:N0} rows of {data.Name} with {model.Pipeline} v{model.Version} in {seconds:F2} s ({result.Rows / Math.Max(seconds, 1e-6):N0} rows/s) → {target.FullName}")).ConfigureAwait(false);
        return ExitCodes.Completed;
    }
}
