using System.CommandLine;
using Cd4ml.Cli.Commands;
using Cd4ml.Cli.Hosting.Durable;

namespace Cd4ml.Cli;

/// <summary>The <c>cd4ml</c> command tree.</summary>
public static class CliApp
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("cd4ml: continuous delivery for ML.NET models. Runs the pipeline locally against Blob Storage (Azurite).");
        root.Subcommands.Add(RunCommand.Create(stdout, stderr));
        root.Subcommands.Add(PipelinesCommand.Create(stdout, stderr));
        root.Subcommands.Add(ServeCommand.Create(stdout, stderr));
        root.Subcommands.Add(WorkerCommand.Create(stdout, stderr));
        root.Subcommands.Add(ModelsCommand.Create(stdout, stderr));
        root.Subcommands.Add(RunsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ProfileCommand.Create(stdout, stderr));
        root.Subcommands.Add(ScoreCommand.Create(stdout, stderr));
        root.Subcommands.Add(MetricsCommand.Create(stdout, stderr));
        root.Subcommands.Add(MonitorCommand.Create(stdout, stderr));
        root.Subcommands.Add(DashboardCommand.Create(stdout, stderr));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        try
        {
            return await Build(stdout, stderr).Parse(args).InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // Ctrl+C and SIGTERM cancel the command's token; serve then stops gracefully, which takes longer than the default 2 s.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
                EnableDefaultExceptionHandler = false,
            }, ct).ConfigureAwait(false);
        }
        catch (InvalidDurableSettingsException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.InvalidInput;
        }
        catch (DurableStorageUnreachableException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            // A person gets one line that says what failed, not a stack trace; --verbose logs carry the detail.
            var first = ex is AggregateException { InnerExceptions.Count: > 0 } many ? many.InnerExceptions[0] : ex;
            await stderr.WriteLineAsync($"error: storage request failed: {first.Message.Split('\n')[0]}. " +
                "Is Azurite running (bash infra/start-azurite.sh) or AzureWebJobsStorage / --storage set?").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }
}
