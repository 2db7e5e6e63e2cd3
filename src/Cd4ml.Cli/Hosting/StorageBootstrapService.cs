using Azure.Storage.Blobs;
using Cd4ml.Pipeline.Hosting;
using Microsoft.Extensions.Hosting;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// Creates the storage layout's containers before anything else of <c>cd4ml serve</c> starts (Bicep does it in Azure),
/// so the poller's first listing finds them and an unreachable storage account stops start-up with its reason.
/// </summary>
public sealed class StorageBootstrapService(BlobServiceClient service) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => StorageBootstrap.EnsureContainersAsync(service, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
