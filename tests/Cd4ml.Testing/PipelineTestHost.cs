using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Testing;

/// <summary>The real Durable Task worker, in process, running the pipeline against Azurite.</summary>
public sealed class PipelineTestHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private PipelineTestHost(DurableTaskTestHost host) => _host = host;

    public DurableTaskClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<PipelineTestHost> StartAsync(AzuriteFixture storage, string? cacheDirectory = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = storage.ConnectionString,
            ["Cd4ml:SnapshotCacheDirectory"] = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "cd4ml-test-cache"),
        }).Build();

        var host = await DurableTaskTestHost.StartAsync(
            tasks => tasks.AddCd4mlTasks(),
            new DurableTaskTestHostOptions
            {
                Port = FreePort.Next(),
                ConfigureServices = services => services.AddLogging().AddCd4mlPipeline(configuration),
            }).ConfigureAwait(false);
        return new PipelineTestHost(host);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync().ConfigureAwait(false);
}

/// <summary>Sample specs and datasets, renamed per test so tests never share a pipeline.</summary>
public static class Samples
{
    public static string UniquePipelineName(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static string CreditSpecJson(string pipeline, Func<string, string>? edit = null)
    {
        var json = File.ReadAllText(RepoPaths.CreditSpec).Replace("\"credit-risk\"", $"\"{pipeline}\"", StringComparison.Ordinal);
        return edit is null ? json : edit(json);
    }

    public static PipelineSpec CreditSpec(string pipeline, Func<string, string>? edit = null) =>
        PipelineSpecParser.Parse(CreditSpecJson(pipeline, edit), "test spec");
}
