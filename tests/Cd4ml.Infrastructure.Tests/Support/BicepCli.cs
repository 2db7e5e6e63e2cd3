using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Cd4ml.Infrastructure.Tests.Support;

/// <summary>What one run of the Bicep CLI did.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostic lines such as <c>file(3,7) : Warning no-unused-params: ...</c>.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardError + "\n" + (LooksLikeJson(StandardOutput) ? string.Empty : StandardOutput))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Only the diagnostics that are errors or warnings, by the CLI's own format.</summary>
    public IReadOnlyList<string> ErrorsAndWarnings =>
        Diagnostics.Where(line => BicepCli.ErrorOrWarning().IsMatch(line)).ToList();

    public string Describe(string what) =>
        $"{what} exited {ExitCode} with {Diagnostics.Count} diagnostic line(s):\n{string.Join('\n', Diagnostics)}";

    private static bool LooksLikeJson(string text) => text.TrimStart().StartsWith('{');
}

/// <summary>Runs the Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
internal static partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string ExecutablePath { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("The test assembly has no BicepPath metadata.");

    [GeneratedRegex(@"\)\s*:\s*(Error|Warning)\s", RegexOptions.CultureInvariant)]
    internal static partial Regex ErrorOrWarning();

    public static async Task<BicepResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException(
                "The Bicep CLI is missing; restore the test project (package Azure.Bicep.CommandLine.linux-x64).",
                ExecutablePath);
        }

        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }
}
