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
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        Build(stdout, stderr).Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, ct);
}
