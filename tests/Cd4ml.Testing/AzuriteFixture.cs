using System.Diagnostics;
using Azure.Core;
using Azure.Storage.Blobs;
using Cd4ml.Pipeline.Hosting;

namespace Cd4ml.Testing;

/// <summary>
/// A reachable Azurite for the tests. Uses the one named by <c>CD4ML_TEST_STORAGE</c> (or the default local
/// emulator) when it answers; otherwise starts the pinned one from <c>infra/</c> on free ports and stops it
/// afterwards. Never skips: a test that needs storage fails when none can be had.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private string? _ownedStateDir;

    public AzuriteFixture()
    {
        var configured = Environment.GetEnvironmentVariable("CD4ML_TEST_STORAGE") ?? StorageConnection.DevelopmentStorage;
        if (Answers(configured))
        {
            ConnectionString = configured;
        }
        else
        {
            ConnectionString = StartOwnAzurite();
        }

        Client = new BlobServiceClient(ConnectionString);
        StorageBootstrap.EnsureContainersAsync(Client).GetAwaiter().GetResult();
    }

    public string ConnectionString { get; }

    public BlobServiceClient Client { get; }

    /// <summary>Stops the Azurite this fixture started (xunit 2 disposes collection fixtures synchronously).</summary>
    public void Dispose()
    {
        if (_ownedStateDir is not null)
        {
            RunScriptAsync("stop-azurite.sh", new Dictionary<string, string> { ["AZURITE_DIR"] = _ownedStateDir }).GetAwaiter().GetResult();
            _ownedStateDir = null;
        }
    }

    private string StartOwnAzurite()
    {
        var blobPort = LoopbackPort.Next();
        var queuePort = LoopbackPort.Next();
        var tablePort = LoopbackPort.Next();
        _ownedStateDir = Path.Combine(Path.GetTempPath(), $"cd4ml-azurite-{Guid.NewGuid():N}");
        var env = new Dictionary<string, string>
        {
            ["AZURITE_BLOB_PORT"] = blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURITE_QUEUE_PORT"] = queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURITE_TABLE_PORT"] = tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AZURITE_DIR"] = _ownedStateDir,
        };
        var exit = RunScriptAsync("start-azurite.sh", env).GetAwaiter().GetResult();
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
        if (exit == 0 && AnswersWithin(connection, TimeSpan.FromSeconds(30)))
        {
            return connection;
        }

        // Started but never answered: stop it, so a failed start leaves no Azurite behind.
        var stateDir = _ownedStateDir;
        RunScriptAsync("stop-azurite.sh", new Dictionary<string, string> { ["AZURITE_DIR"] = stateDir }).GetAwaiter().GetResult();
        _ownedStateDir = null;
        throw new InvalidOperationException($"no Azurite answers and infra/start-azurite.sh could not start one (exit {exit}); see {stateDir}/azurite.log");
    }

    // The port opens before Azurite serves requests, and on a loaded machine the first answer can take seconds.
    private static bool AnswersWithin(string connectionString, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Answers(connectionString))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(500);
        }

        return true;
    }

    private static bool Answers(string connectionString)
    {
        try
        {
            var options = new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(3) } };
            new BlobServiceClient(connectionString, options).GetProperties();
            return true;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<int> RunScriptAsync(string script, IDictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash", Path.Combine(RepoPaths.Root, "infra", script)) { UseShellExecute = false };
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }
}
