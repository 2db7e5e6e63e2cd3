using System.CommandLine;
using Cd4ml.Cli.Hosting;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary><c>cd4ml dashboard reindex [--pipeline P]</c>: rebuilds the dashboard's index blobs from the run reports and manifests.</summary>
public static class DashboardCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("dashboard", "The dashboard's index blobs (open the pages with `cd4ml serve`, then http://127.0.0.1:7071/).");
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "One pipeline; default: every pipeline with a stored spec." };
        var storage = new Option<string?>("--storage") { Description = "Blob Storage connection string; default: AzureWebJobsStorage, else Azurite." };
        var reindex = new Command("reindex", "Rebuild the run and version index of each pipeline from its records.") { pipeline, storage };
        reindex.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(pipeline);
            if (name is not null && !PipelineNames.IsValid(name))
            {
                await stderr.WriteLineAsync($"error: '{name}' is not a pipeline name: {PipelineNames.Rule}").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            await using var services = StorageServices.Create(parse.GetValue(storage));
            var index = services.GetRequiredService<DashboardIndexStore>();
            IReadOnlyList<string> names = name is null ? await services.GetRequiredService<PipelineSpecStore>().ListAsync(ct).ConfigureAwait(false) : [name];
            foreach (var each in names)
            {
                var rebuilt = await index.RebuildAsync(each, ct).ConfigureAwait(false);
                await stdout.WriteLineAsync($"{each}: {rebuilt.Runs.Count} runs, {rebuilt.Versions.Count} versions").ConfigureAwait(false);
            }

            return ExitCodes.Completed;
        });
        command.Subcommands.Add(reindex);
        return command;
    }
}
