using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Pipeline.Hosting;
using Microsoft.DurableTask;
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

    /// <param name="storage">The Azurite to run against.</param>
    /// <param name="cacheDirectory">The snapshot cache; a shared temporary folder by default.</param>
    /// <param name="settings">More settings (e.g. <c>Cd4ml:Webhooks:*</c>); options bound with <c>BindConfiguration</c> see them.</param>
    /// <param name="configureServices">Registrations that replace the pipeline's (fakes).</param>
    /// <param name="moreTasks">Orchestrators or activities of the test's own, next to the pipeline's.</param>
    public static async Task<PipelineTestHost> StartAsync(
        AzuriteFixture storage,
        string? cacheDirectory = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        Action<DurableTaskRegistry>? moreTasks = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = storage.ConnectionString,
            ["Cd4ml:SnapshotCacheDirectory"] = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "cd4ml-test-cache"),
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

        var host = await DurableTaskTestHost.StartAsync(
            tasks =>
            {
                tasks.AddCd4mlTasks();
                moreTasks?.Invoke(tasks);
            },
            new DurableTaskTestHostOptions
            {
                Port = LoopbackPort.Next(),
                ConfigureServices = services =>
                {
                    // The same configuration for options bound from the container (BindConfiguration) as for AddCd4mlPipeline.
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddLogging().AddCd4mlPipeline(configuration).AddCd4mlDurableJson();
                    configureServices?.Invoke(services);
                },
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
