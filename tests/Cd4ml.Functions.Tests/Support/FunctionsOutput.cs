using System.Text.Json;
using Cd4ml.Testing;

namespace Cd4ml.Functions.Tests.Support;

/// <summary>What the build of Cd4ml.Functions writes for the Functions host: <c>functions.metadata</c> and <c>host.json</c>.</summary>
public static class FunctionsOutput
{
    /// <summary>The Functions project's output folder; the metadata is copied next to the tests too, and either will do.</summary>
    public static string Folder { get; } = FindFolder();

    public static JsonElement Metadata { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "functions.metadata"))).RootElement;

    public static JsonElement Function(string name) =>
        Assert.Single(Metadata.EnumerateArray(), f => f.GetProperty("name").GetString() == name);

    public static JsonElement Binding(string function, string type) =>
        Assert.Single(Function(function).GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == type);

    private static string FindFolder()
    {
        var tests = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        if (File.Exists(Path.Combine(tests, "functions.metadata")))
        {
            return tests;
        }

        // bin/{Configuration}/{TargetFramework}: the same for the Functions project.
        var framework = Path.GetFileName(tests);
        var configuration = Path.GetFileName(Path.GetDirectoryName(tests))!;
        var functions = Path.Combine(RepoPaths.Root, "src", "Cd4ml.Functions", "bin", configuration, framework);
        return File.Exists(Path.Combine(functions, "functions.metadata"))
            ? functions
            : throw new FileNotFoundException($"no functions.metadata in {tests} or {functions}; build src/Cd4ml.Functions first");
    }
}
