using System.Runtime.CompilerServices;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// This test run's own Durable task hub on the shared Azurite: the commands under test (and the serve processes they
/// start, which inherit the environment) run on the Azure Storage backend like a user's, without meeting the work of
/// other test assemblies or earlier runs.
/// </summary>
internal static class TestTaskHub
{
    [ModuleInitializer]
    internal static void UseOwnTaskHub() =>
        Environment.SetEnvironmentVariable("Cd4ml__Durable__TaskHub", $"clitests{Guid.NewGuid():N}"[..24]);
}
