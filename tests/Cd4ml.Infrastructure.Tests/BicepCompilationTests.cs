using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class BicepCompilationTests(MainTemplateFixture template)
{
    public static TheoryData<string> BicepFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoRoot.Combine("bicep"), "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(RepoRoot.Path, file).Replace('\\', '/'));
        }

        return files;
    }

    [Fact]
    public void Main_template_compiles_without_errors_or_warnings()
    {
        var build = template.Build;

        Assert.True(build.ExitCode == 0 && build.Diagnostics.Count == 0, build.Describe("bicep build bicep/main.bicep"));
        Assert.StartsWith("{", build.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Bicep_file_lints_without_errors_or_warnings(string file)
    {
        var lint = await BicepCli.RunAsync(RepoRoot.Path, "lint", RepoRoot.Combine(file.Split('/')));

        Assert.True(lint.ExitCode == 0 && lint.Diagnostics.Count == 0, lint.Describe($"bicep lint {file}"));
    }

    [Fact]
    public void Every_module_is_used_by_main()
    {
        var main = File.ReadAllText(RepoRoot.Combine("bicep", "main.bicep"));
        var modules = Directory.EnumerateFiles(RepoRoot.Combine("bicep", "modules"), "*.bicep")
            .Select(f => $"'modules/{Path.GetFileName(f)}'")
            .ToList();

        Assert.NotEmpty(modules);
        Assert.All(modules, module => Assert.Contains(module, main, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Linter_settings_turn_a_hard_coded_cloud_url_into_an_error()
    {
        // Proves the diagnostics above are really read: the same CLI and bicepconfig.json on a bad file.
        var folder = Directory.CreateTempSubdirectory("cd4ml-bicep-");
        try
        {
            File.Copy(RepoRoot.Combine("bicep", "bicepconfig.json"), Path.Combine(folder.FullName, "bicepconfig.json"));
            var bad = Path.Combine(folder.FullName, "bad.bicep");
            await File.WriteAllTextAsync(bad, "output management string = 'https://management.azure.com/'\n");

            var lint = await BicepCli.RunAsync(folder.FullName, "lint", bad);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains(lint.ErrorsAndWarnings, line => line.Contains("Error no-hardcoded-env-urls", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
