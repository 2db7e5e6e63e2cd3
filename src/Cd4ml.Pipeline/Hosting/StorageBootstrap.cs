using Azure.Storage.Blobs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Creates the containers of the storage layout if they are missing (local hosts and tests; Bicep does it in Azure).</summary>
public static class StorageBootstrap
{
    public static async Task EnsureContainersAsync(BlobServiceClient service, CancellationToken ct = default)
    {
        foreach (var name in Containers.All)
        {
            await service.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }
    }
}
