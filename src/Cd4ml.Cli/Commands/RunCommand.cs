using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml run --pipeline SPEC.json --data FILE.csv</c>: uploads the dataset, runs the pipeline in this process
/// and prints what happened and why.
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipeline = new Option<FileInfo>("--pipeline", "-p") { Description = "The pipeline spec (JSON); see docs/pipeline-spec.md.", Required = true };
        var data = new Option<FileInfo>("--data", "-d") { Description = "The dataset (CSV with a header row) to run on.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the run record as JSON on standard output instead of the summary." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print framework, Durable Task and gRPC logs (on standard error)." };
        var storage = new Option<string?>("--storage") { Description = "Blob Storage connection string; default: the AzureWebJobsStorage setting, else UseDevelopmentStorage=true (Azurite)." };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the run before giving up.", DefaultValueFactory = _ => 30 };

        var command = new Command("run", "Upload a dataset and run the pipeline on it locally: checks, candidates, comparison with the champion, publication.")
        {
            pipeline, data, json, verbose, storage, timeout,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(pipeline)!, parse.GetValue(data)!, parse.GetValue(json), parse.GetValue(verbose), parse.GetValue(storage),
            TimeSpan.FromMinutes(parse.GetValue(timeout)), stdout, stderr, ct));
        return command;
    }

    internal static async Task<int> RunAsync(
        FileInfo specFile, FileInfo dataFile, bool asJson, bool verbose, string? storage, TimeSpan timeout,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // With --json, standard output carries only the record; progress goes to standard error.
        var progress = asJson ? stderr : stdout;
        if (!specFile.Exists || !dataFile.Exists)
        {
            await stderr.WriteLineAsync($"error: {(specFile.Exists ? dataFile.FullName : specFile.FullName)} does not exist").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        PipelineSpec spec;
        var specJson = await File.ReadAllTextAsync(specFile.FullName, ct).ConfigureAwait(false);
        try
        {
            spec = PipelineSpecParser.Parse(specJson, specFile.FullName);
        }
        catch (InvalidSpecException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await using var host = await LocalPipelineHost.StartAsync(storage, verbose, ct).ConfigureAwait(false);
        var service = host.Get<BlobServiceClient>();
        try
        {
            await StorageBootstrap.EnsureContainersAsync(service, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            await stderr.WriteLineAsync($"error: cannot reach Blob Storage at {service.Uri} ({ex.Message.Split('\n')[0]}). " +
                "Start Azurite with `bash infra/start-azurite.sh` or set AzureWebJobsStorage.").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        await host.Get<PipelineSpecStore>().PutAsync(specJson, specFile.FullName, ct).ConfigureAwait(false);
        string blobName;
        try
        {
            blobName = await DatasetUpload.UploadAsync(service, spec.Name, dataFile, ct).ConfigureAwait(false);
        }
        catch (DatasetUploadException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await progress.WriteLineAsync($"cd4ml: dataset uploaded to {Containers.Datasets}/{blobName}").ConfigureAwait(false);

        // The account running the command started the run: it holds the storage credentials, so it is who acted.
        var trigger = new RunTrigger("manual", $"cli:{dataFile.Name}", Actor: Environment.UserName);
        var start = await host.Get<RunStarter>().StartAsync(host.Client, spec, blobName, trigger, ct).ConfigureAwait(false);
        RunRecord? record = start.Existing;
        if (start.Status == StartRunStatus.AlreadyCompleted)
        {
            await progress.WriteLineAsync($"cd4ml: this dataset and spec already ran as {start.RunId}; nothing new to do. Its record:").ConfigureAwait(false);
        }
        else
        {
            await progress.WriteLineAsync($"cd4ml: run {start.RunId} {(start.Status == StartRunStatus.Started ? "started" : "already accepted")}").ConfigureAwait(false);
            record = await WaitAsync(host.Client, start.RunId, progress, timeout, ct).ConfigureAwait(false);
            if (record is null)
            {
                await stderr.WriteLineAsync($"error: run {start.RunId} did not complete within {timeout.TotalMinutes} minute(s)").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            // The same bytes under another blob version: show what the first run of this content decided.
            if (record is { Outcome: RunOutcome.AlreadyRan, DuplicateOf: { } first }
                && await host.Get<RunReportStore>().ReadAsync(spec.Name, first, ct).ConfigureAwait(false) is { } original)
            {
                await progress.WriteLineAsync($"cd4ml: this dataset content and spec already ran as {first}; nothing new to do. Its record:").ConfigureAwait(false);
                record = original;
            }
        }

        if (asJson)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(record, SpecJson.Options)).ConfigureAwait(false);
        }
        else
        {
            RunSummaryPrinter.Print(record!, stdout);
        }

        return record!.Outcome switch
        {
            RunOutcome.Promoted or RunOutcome.ChampionKept or RunOutcome.AlreadyRan => ExitCodes.Completed,
            RunOutcome.DataRejected => ExitCodes.DataRejected,
            _ => ExitCodes.Error,
        };
    }

    private static async Task<RunRecord?> WaitAsync(DurableTaskClient client, string runId, TextWriter progress, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        string? lastStage = null;
        var started = DateTimeOffset.UtcNow;
        try
        {
            while (true)
            {
                var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, limit.Token).ConfigureAwait(false);
                if (instance?.SerializedCustomStatus is not null)
                {
                    var stage = instance.ReadCustomStatusAs<RunProgress>();
                    if (stage is not null && stage.Stage != lastStage && stage.Stage != RunStages.Done)
                    {
                        lastStage = stage.Stage;
                        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;
                        await progress.WriteLineAsync($"  [{elapsed,5:0.0}s] {stage.Stage,-11} {stage.Detail}").ConfigureAwait(false);
                    }
                }

                if (instance is { IsCompleted: true })
                {
                    return instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                        ? instance.ReadOutputAs<RunRecord>()
                        : throw new InvalidOperationException($"run {runId} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
