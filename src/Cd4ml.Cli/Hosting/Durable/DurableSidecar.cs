using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Cli.Hosting.Durable;

/// <summary>
/// The Durable Task gRPC sidecar on a loopback port of this process: it dispatches work from an orchestration
/// service (the Azure Storage backend) to the Durable Task worker and answers the client, over the same protocol the
/// Durable Task Scheduler and Durable Functions speak. The only place that depends on the sidecar's package
/// (<c>Microsoft.DurableTask.InProcessTestHost</c>): a standalone sidecar can replace it here alone.
/// </summary>
internal sealed class DurableSidecar(string address, Func<CancellationToken, Task<(IOrchestrationService Service, IOrchestrationServiceClient Client)>> backend, ILoggerFactory loggerFactory)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;
    private IOrchestrationService? _service;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (service, client) = await backend(cancellationToken).ConfigureAwait(false);
        _service = service;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "cd4ml-durable-sidecar" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseUrls(address);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        _server = builder.Build();
        _server.MapGrpcService<TaskHubGrpcServer>();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        // The sidecar stops the backend from an ApplicationStopping callback that nobody awaits, so the process exited
        // while the backend was still draining its partitions, before it released their leases: the next process on
        // the task hub then waited up to the lease interval (20 s) before it could run orchestrator code. Waiting here
        // for that same stop (ActivityLockRenewal hands every caller the first one) releases them, about 1 s later.
        if (_service is not null)
        {
            try
            {
                await _service.StopAsync(isForced: false).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                loggerFactory.CreateLogger("Cd4ml.Durable").LogWarning(ex, "Stopping the Durable backend failed; its partition leases expire on their own");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }
    }
}
