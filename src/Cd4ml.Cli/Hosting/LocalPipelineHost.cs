using Cd4ml.Pipeline.Hosting;
using Microsoft.DurableTask.Client;
using Cd4ml.Cli.Hosting.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// The pipeline hosted in this process: the same orchestrator and activities as the Functions app, run by the
/// real Durable Task worker over an in-process sidecar. Logs stay out of the user's output unless asked for.
/// </summary>
public sealed class LocalPipelineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private LocalPipelineHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <param name="storage">An <c>AzureWebJobsStorage</c> value to use instead of the environment's.</param>
    /// <param name="verbose">Send framework, Durable and gRPC logs to standard error.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<LocalPipelineHost> StartAsync(string? storage, bool verbose, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        if (storage is not null)
        {
            builder.Configuration[StorageConnection.SettingName] = storage;
        }

        builder.Logging.ClearProviders();
        if (verbose)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
        }

        builder.Services.AddCd4mlPipeline(builder.Configuration);
        builder.Services.AddCd4mlDurable(builder.Configuration, DurableServiceCollectionExtensions.ReadDurableOptions(builder.Configuration));

        var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        return new LocalPipelineHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stop.Token).ConfigureAwait(false);
        _host.Dispose();
    }
}
