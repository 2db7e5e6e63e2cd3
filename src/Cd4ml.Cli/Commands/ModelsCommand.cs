using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Azure;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Governance;
using Cd4ml.Pipeline.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml models list|show|promote|rollback|history</c>: the model registry from the command line, straight against
/// storage (no Durable host). Exit codes: 0 done, 2 bad input, 1 refused or failed (reason on standard error).
/// </summary>
public static class ModelsCommand
{
    private static readonly JsonSerializerOptions s_json = SpecJson.Options;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var models = new Command("models", "Model versions, aliases and their history: list, show, promote, rollback.");
        models.Subcommands.Add(List(stdout, stderr));
        models.Subcommands.Add(Show(stdout, stderr));
        models.Subcommands.Add(Promote(stdout, stderr));
        models.Subcommands.Add(Rollback(stdout, stderr));
        models.Subcommands.Add(History(stdout, stderr));
        return models;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var o = new CommonOptions();
        var command = o.AddTo(new Command("list", "Aliases and every version with its primary metric, data and run."));
        command.SetAction((parse, ct) => RunAsync(parse, o, stderr, async (governance, pipeline) =>
        {
            var aliases = await governance.Registry.ListAliasesAsync(pipeline, ct).ConfigureAwait(false);
            var versions = await governance.Registry.ListVersionSummariesAsync(pipeline, ct).ConfigureAwait(false);
            if (parse.GetValue(o.Json))
            {
                await WriteJsonAsync(stdout, new ModelOverview(pipeline, aliases, versions)).ConfigureAwait(false);
                return ExitCodes.Completed;
            }

            await stdout.WriteLineAsync($"Models of {pipeline}").ConfigureAwait(false);
            ModelsPrinter.Aliases(aliases, stdout);
            ModelsPrinter.Versions(versions, stdout);
            return ExitCodes.Completed;
        }));
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var o = new CommonOptions();
        var version = new Option<string?>("--version", "-n") { Description = "The version number." };
        var command = o.AddTo(new Command("show", "One version: its model card (or its manifest with --json).") { version });
        command.SetAction((parse, ct) => RunAsync(parse, o, stderr, async (governance, pipeline) =>
        {
            if (await VersionArgumentAsync(parse.GetValue(version), "--version", stderr).ConfigureAwait(false) is not { } n)
            {
                return ExitCodes.InvalidInput;
            }

            var manifest = await governance.Registry.GetManifestAsync(pipeline, n, ct).ConfigureAwait(false)
                ?? throw new ModelNotFoundException($"{pipeline} has no version {n.ToString(CultureInfo.InvariantCulture)}");
            if (parse.GetValue(o.Json))
            {
                await WriteJsonAsync(stdout, manifest).ConfigureAwait(false);
                return ExitCodes.Completed;
            }

            var card = await new ModelCardWriter(governance.Registry).BuildAsync(manifest, ct).ConfigureAwait(false);
            await stdout.WriteAsync(ModelCardMarkdown.Render(card)).ConfigureAwait(false);
            return ExitCodes.Completed;
        }));
        return command;
    }

    private static Command Promote(TextWriter stdout, TextWriter stderr)
    {
        var o = new CommonOptions();
        var version = new Option<string?>("--version", "-n") { Description = "The version to point the alias at." };
        var alias = AliasOption();
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (required): kept in the alias record and the audit log." };
        var by = ByOption();
        var command = o.AddTo(new Command("promote", "Point an alias at any version, by compare-and-swap, after checking the model's SHA-256.") { version, alias, reason, by });
        command.SetAction((parse, ct) => RunAsync(parse, o, stderr, async (governance, pipeline) =>
        {
            if (await VersionArgumentAsync(parse.GetValue(version), "--version", stderr).ConfigureAwait(false) is not { } n
                || !await MoveArgumentsAsync(parse.GetValue(alias)!, parse.GetValue(reason), stderr).ConfigureAwait(false))
            {
                return ExitCodes.InvalidInput;
            }

            var result = await governance.PromoteAsync(pipeline, parse.GetValue(alias)!, n, parse.GetValue(by)!, parse.GetValue(reason)!, ct: ct).ConfigureAwait(false);
            return await ReportMoveAsync(pipeline, parse.GetValue(alias)!, result, parse.GetValue(o.Json), stdout, stderr).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Rollback(TextWriter stdout, TextWriter stderr)
    {
        var o = new CommonOptions();
        var alias = AliasOption();
        var to = new Option<string?>("--to") { Description = "The version to roll back to; default: the version the alias held before its last move." };
        var from = new Option<string?>("--from")
        {
            Description = "The version the alias must point at now; if it points elsewhere nothing moves (exit 1), and repeating a rollback that happened changes nothing.",
        };
        var reason = new Option<string?>("--reason", "-r") { Description = "Why (required): kept in the alias record and the audit log." };
        var by = ByOption();
        var command = o.AddTo(new Command("rollback", "Point an alias back at an earlier version, after checking that version's SHA-256.") { alias, to, from, reason, by });
        command.SetAction((parse, ct) => RunAsync(parse, o, stderr, async (governance, pipeline) =>
        {
            int? target = null;
            if (parse.GetValue(to) is { } text)
            {
                if (await VersionArgumentAsync(text, "--to", stderr).ConfigureAwait(false) is not { } n)
                {
                    return ExitCodes.InvalidInput;
                }

                target = n;
            }

            int? expected = null;
            if (parse.GetValue(from) is { } fromText)
            {
                if (await VersionArgumentAsync(fromText, "--from", stderr).ConfigureAwait(false) is not { } n)
                {
                    return ExitCodes.InvalidInput;
                }

                expected = n;
            }

            if (!await MoveArgumentsAsync(parse.GetValue(alias)!, parse.GetValue(reason), stderr).ConfigureAwait(false))
            {
                return ExitCodes.InvalidInput;
            }

            var result = await governance.RollbackAsync(pipeline, parse.GetValue(alias)!, target, parse.GetValue(by)!, parse.GetValue(reason)!, ct, expected)
                .ConfigureAwait(false);
            return await ReportMoveAsync(pipeline, parse.GetValue(alias)!, result, parse.GetValue(o.Json), stdout, stderr).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command History(TextWriter stdout, TextWriter stderr)
    {
        var o = new CommonOptions();
        var at = new Option<string?>("--at") { Description = "An ISO 8601 time: also say which version the alias pointed at then." };
        var alias = AliasOption();
        var command = o.AddTo(new Command("history", "Every promotion, rollback, approval and rejection, newest first.") { at, alias });
        command.SetAction((parse, ct) => RunAsync(parse, o, stderr, async (governance, pipeline) =>
        {
            var name = parse.GetValue(alias)!;
            DateTimeOffset? when = null;
            if (parse.GetValue(at) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                {
                    await stderr.WriteLineAsync($"error: --at '{text}' is not an ISO 8601 time, e.g. 2026-11-01T12:00:00Z").ConfigureAwait(false);
                    return ExitCodes.InvalidInput;
                }

                when = t;
            }

            if (!await AliasArgumentAsync(name, stderr).ConfigureAwait(false))
            {
                return ExitCodes.InvalidInput;
            }

            var history = await governance.Registry.ReadHistoryAsync(pipeline, ct).ConfigureAwait(false);
            var version = when is { } w ? AliasTimeline.VersionAt(history.Reverse(), name, w) : null;
            if (parse.GetValue(o.Json))
            {
                // The same document as GET /api/models/{pipeline}/history.
                await WriteJsonAsync(stdout, new HistoryResponse(pipeline, history, when is { } t ? new AliasAtTime(name, t, version) : null)).ConfigureAwait(false);
                return ExitCodes.Completed;
            }

            if (when is { } moment)
            {
                await stdout.WriteLineAsync($"{name} at {moment.ToString("u", CultureInfo.InvariantCulture)}: {(version is null ? "nothing (the alias did not exist yet)" : ModelsPrinter.V(version))}")
                    .ConfigureAwait(false);
            }

            ModelsPrinter.History(history, stdout);
            return ExitCodes.Completed;
        }));
        return command;
    }

    /// <summary>Validates the pipeline, builds the storage services and turns the registry's refusals into exit codes.</summary>
    private static async Task<int> RunAsync(ParseResult parse, CommonOptions o, TextWriter stderr, Func<ModelGovernance, string, Task<int>> action)
    {
        var pipeline = parse.GetValue(o.Pipeline);
        if (!PipelineNames.IsValid(pipeline))
        {
            await stderr.WriteLineAsync(pipeline is null ? "error: --pipeline is required" : $"error: '{pipeline}' is not a pipeline name: {PipelineNames.Rule}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await using var services = StorageServices.Create(parse.GetValue(o.Storage));
        try
        {
            return await action(services.GetRequiredService<ModelGovernance>(), pipeline!).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is ModelNotFoundException or AliasMoveRefusedException)
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
    }

    private static async Task<int> ReportMoveAsync(string pipeline, string alias, AliasMoveResult result, bool asJson, TextWriter stdout, TextWriter stderr)
    {
        if (result.Outcome == AliasMoveOutcome.Conflict)
        {
            await stderr.WriteLineAsync($"error: {result.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        if (asJson)
        {
            await WriteJsonAsync(stdout, new AliasMoveResponse(pipeline, alias, result.Outcome, result.Message, result.ETag, result.Current)).ConfigureAwait(false);
        }
        else
        {
            ModelsPrinter.Move(pipeline, alias, result, stdout);
        }

        return ExitCodes.Completed;
    }

    private static async Task<int?> VersionArgumentAsync(string? text, string option, TextWriter stderr)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            return n;
        }

        await stderr.WriteLineAsync(text is null ? $"error: {option} is required" : $"error: {option} '{text}' is not a version number (1, 2, 3, ...)").ConfigureAwait(false);
        return null;
    }

    private static async Task<bool> MoveArgumentsAsync(string alias, string? reason, TextWriter stderr)
    {
        if (!await AliasArgumentAsync(alias, stderr).ConfigureAwait(false))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            await stderr.WriteLineAsync("error: --reason is required: say why the alias moves; it is kept in the audit log").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static async Task<bool> AliasArgumentAsync(string alias, TextWriter stderr)
    {
        if (AliasNames.IsValid(alias))
        {
            return true;
        }

        await stderr.WriteLineAsync($"error: '{alias}' is not an alias name: {AliasNames.Rule}").ConfigureAwait(false);
        return false;
    }

    private static Option<string> AliasOption() =>
        new("--alias", "-a") { Description = "The alias to move or ask about.", DefaultValueFactory = _ => ModelRegistry.Champion };

    private static Option<string> ByOption() =>
        new("--by") { Description = "Who moves the alias; default: your user name.", DefaultValueFactory = _ => Environment.UserName };

    private static async Task WriteJsonAsync<T>(TextWriter stdout, T value) =>
        await stdout.WriteLineAsync(JsonSerializer.Serialize(value, s_json)).ConfigureAwait(false);

    /// <summary>The options every models subcommand takes.</summary>
    private sealed class CommonOptions
    {
        public Option<string?> Pipeline { get; } = new("--pipeline", "-p") { Description = "The pipeline name (required)." };

        public Option<bool> Json { get; } = new("--json") { Description = "Print JSON on standard output instead of tables." };

        public Option<string?> Storage { get; } = new("--storage")
        {
            Description = "Storage connection string; default: the AzureWebJobsStorage setting, else UseDevelopmentStorage=true (Azurite).",
        };

        public Command AddTo(Command command)
        {
            command.Options.Add(Pipeline);
            command.Options.Add(Json);
            command.Options.Add(Storage);
            return command;
        }
    }
}
