using System.CommandLine;
using Cd4ml.Cli.Commands;

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
        root.Subcommands.Add(ModelsCommand.Create(stdout, stderr));
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        Build(stdout, stderr).Parse(args).InvokeAsync(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            // Ctrl+C and SIGTERM cancel the command's token; serve then stops gracefully, which takes longer than the default 2 s.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(20),
        }, ct);
}
