using System.Text.Json;

namespace Cd4ml.Infrastructure.Tests.Support;

/// <summary>Compiles bicep/main.bicep once for every test that reads the ARM JSON.</summary>
public sealed class MainTemplateFixture : IAsyncLifetime, IDisposable
{
    private JsonDocument? _document;
    private BicepResult? _build;

    internal BicepResult Build => _build ?? throw new InvalidOperationException("The template is not built yet.");

    internal ArmTemplate Main
    {
        get
        {
            Assert.True(
                _document is not null,
                Build.Describe("bicep build bicep/main.bicep") + "\nThe output was not a JSON template.");
            return new ArmTemplate(_document.RootElement, "main");
        }
    }

    /// <summary>The compiled template as text, for searches that must not depend on structure.</summary>
    internal string Json => Build.StandardOutput;

    public async Task InitializeAsync()
    {
        _build = await BicepCli.RunAsync(RepoRoot.Path, "build", RepoRoot.Combine("bicep", "main.bicep"), "--stdout");
        if (_build.ExitCode == 0)
        {
            _document = JsonDocument.Parse(_build.StandardOutput);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _document?.Dispose();
}

[CollectionDefinition(Name)]
public sealed class MainTemplateCollection : ICollectionFixture<MainTemplateFixture>
{
    public const string Name = "Compiled main.bicep";
}
