using System.CommandLine;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml pipelines push|list|run-due</c>: the stored pipeline specs (<c>pipelines/{name}.json</c>), which every trigger
/// runs, and the schedule evaluated on demand.
/// </summary>
public static class PipelinesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipelines = new Command("pipelines", "Pipeline specs in storage: push, list, and run the due schedules.");
        pipelines.Subcommands.Add(Push(stdout, stderr));
        pipelines.Subcommands.Add(List(stdout, stderr));
        pipelines.Subcommands.Add(RunDue(stdout, stderr));
        return pipelines;
    }

    private static Option<string?> StorageOption() =>
        new("--storage") { Description = "Blob Storage connection string; default: the AzureWebJobsStorage setting, else UseDevelopmentStorage=true (Azurite)." };

    private static Command Push(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<FileInfo>("SPEC") { Description = "The pipeline spec (JSON); see docs/pipeline-spec.md." };
        var storage = StorageOption();
        var command = new Command("push", "Validate a spec (every problem with its JSON path) and store it as pipelines/{name}.json.") { spec, storage };
        command.SetAction((parse, ct) => PushAsync(parse.GetValue(spec)!, parse.GetValue(storage), stdout, stderr, ct));
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var storage = StorageOption();
        var json = new Option<bool>("--json") { Description = "Print the list as JSON." };
        var command = new Command("list", "The stored pipelines with their schedule and trainers.") { storage, json };
        command.SetAction((parse, ct) => ListAsync(parse.GetValue(storage), parse.GetValue(json), stdout, stderr, ct));
        return command;
    }

    private static Command RunDue(TextWriter stdout, TextWriter stderr)
    {
        var force = new Option<bool>("--force") { Description = "Run every selected pipeline now, even when its schedule is not due or nothing changed." };
        var only = new Option<string[]>("--pipeline", "-p") { Description = "Only these pipelines (repeatable).", AllowMultipleArgumentsPerToken = true };
        var storage = StorageOption();
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for the started runs.", DefaultValueFactory = _ => 30 };
        var command = new Command("run-due", "Evaluate the schedules once, as the timer does, and wait for the runs it starts.") { force, only, storage, timeout };
        command.SetAction((parse, ct) => RunDueAsync(parse.GetValue(force), parse.GetValue(only), parse.GetValue(storage),
            TimeSpan.FromMinutes(parse.GetValue(timeout)), stdout, stderr, ct));
        return command;
    }

    internal static async Task<int> PushAsync(FileInfo file, string? storage, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await stderr.WriteLineAsync($"error: {file.FullName} does not exist").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        var json = await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
        var (spec, errors) = PipelineSpecParser.TryParse(json);
        if (spec is null || errors.Count > 0)
        {
            await stderr.WriteLineAsync($"error: {new InvalidSpecException(file.FullName, errors).Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await using var services = StorageServices.Create(storage);
        return await WithStorageAsync(services, stderr, async () =>
        {
            await StorageBootstrap.EnsureContainersAsync(services.GetRequiredService<BlobServiceClient>(), ct).ConfigureAwait(false);
            await services.GetRequiredService<PipelineSpecStore>().PutAsync(json, file.FullName, ct).ConfigureAwait(false);
            await stdout.WriteLineAsync($"cd4ml: stored {Containers.Pipelines}/{spec.Name}.json (spec {PipelineSpecParser.Hash(spec)[..8]}" +
                $"{(spec.Schedule is null ? "" : $", schedule '{spec.Schedule}'")}). Drop datasets into {Containers.Datasets}/{spec.Name}/ to run it.").ConfigureAwait(false);
            return ExitCodes.Completed;
        }).ConfigureAwait(false);
    }

    internal static async Task<int> ListAsync(string? storage, bool asJson, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await using var services = StorageServices.Create(storage);
        return await WithStorageAsync(services, stderr, async () =>
        {
            var store = services.GetRequiredService<PipelineSpecStore>();
            var rows = new List<PipelineRow>();
            foreach (var name in await store.ListAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var spec = await store.GetAsync(name, ct).ConfigureAwait(false);
                    rows.Add(new PipelineRow(name, spec?.Schedule, spec?.Trainers.Select(t => t.Name).ToList() ?? [], null));
                }
                catch (InvalidSpecException ex)
                {
                    rows.Add(new PipelineRow(name, null, [], ex.Message));
                }
            }

            if (asJson)
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, SpecJson.Options)).ConfigureAwait(false);
                return ExitCodes.Completed;
            }

            if (rows.Count == 0)
            {
                await stdout.WriteLineAsync($"No pipelines in {Containers.Pipelines}/. Store one with: cd4ml pipelines push SPEC.json").ConfigureAwait(false);
            }

            foreach (var row in rows)
            {
                var detail = row.Problem is not null ? $"INVALID: {row.Problem.Split('\n')[0]}"
                    : $"{string.Join(", ", row.Trainers)}{(row.Schedule is null ? "" : $"  schedule '{row.Schedule}'")}";
                await stdout.WriteLineAsync($"{row.Name,-30} {detail}").ConfigureAwait(false);
            }

            return ExitCodes.Completed;
        }).ConfigureAwait(false);
    }

    internal static async Task<int> RunDueAsync(bool force, string[]? only, string? storage, TimeSpan timeout, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        await using var host = await LocalPipelineHost.StartAsync(storage, verbose: false, ct).ConfigureAwait(false);
        IReadOnlyList<ScheduledRunResult> results = [];
        var exit = await WithStorageAsync(host.Services, stderr, async () =>
        {
            var tick = new ScheduleTick("cli", DateTimeOffset.UtcNow, UnscheduledAreDue: true, Force: force, Pipelines: only is { Length: > 0 } ? only : null);
            results = await host.Get<ScheduledRetrainingHandler>().RunDueAsync(host.Client, tick, ct).ConfigureAwait(false);
            return ExitCodes.Completed;
        }).ConfigureAwait(false);
        if (exit != ExitCodes.Completed)
        {
            return exit;
        }

        foreach (var result in results)
        {
            await stdout.WriteLineAsync($"{result.Pipeline,-30} {result.Status,-17} {result.RunId} {result.Reason}").ConfigureAwait(false);
        }

        // The runs live in this process: wait for the ones it started, or they would stop with it.
        var outcomes = new List<RunOutcome>();
        foreach (var result in results.Where(r => r.Status is ScheduledRunStatus.Started or ScheduledRunStatus.AlreadyAccepted))
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            var done = await host.Client.WaitForInstanceCompletionAsync(result.RunId!, getInputsAndOutputs: true, limit.Token).ConfigureAwait(false);
            var record = done.ReadOutputAs<RunRecord>();
            outcomes.Add(record?.Outcome ?? RunOutcome.Failed);
            await stdout.WriteLineAsync($"{result.Pipeline,-30} {record?.Outcome.ToString() ?? done.RuntimeStatus.ToString(),-17} {result.RunId} {record?.Message}").ConfigureAwait(false);
        }

        return results.Any(r => r.Status is ScheduledRunStatus.Failed or ScheduledRunStatus.InvalidSpec) || outcomes.Contains(RunOutcome.Failed) ? ExitCodes.Error
            : outcomes.Contains(RunOutcome.DataRejected) ? ExitCodes.DataRejected
            : ExitCodes.Completed;
    }

    private static async Task<int> WithStorageAsync(IServiceProvider services, TextWriter stderr, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            var uri = services.GetRequiredService<BlobServiceClient>().Uri;
            await stderr.WriteLineAsync($"error: cannot reach Blob Storage at {uri} ({ex.Message.Split('\n')[0]}). " +
                "Start Azurite with `bash infra/start-azurite.sh` or set AzureWebJobsStorage.").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    private sealed record PipelineRow(string Name, string? Schedule, IReadOnlyList<string> Trainers, string? Problem);
}
