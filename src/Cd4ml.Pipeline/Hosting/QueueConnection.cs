using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>
/// Builds the host's <see cref="QueueServiceClient"/> from the same <c>AzureWebJobsStorage</c> setting as the blob
/// client: a connection string locally (Azurite's queue endpoint, or <c>UseDevelopmentStorage=true</c>), identity-based
/// settings in Azure (<c>AzureWebJobsStorage__queueServiceUri</c>, or the account name, with the same credential).
/// </summary>
public static class QueueConnection
{
    public static QueueServiceClient Create(IConfiguration configuration, QueueClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageConnection.SettingName);
        var value = section.Value;
        if (!string.IsNullOrWhiteSpace(value))
        {
            StorageConnection.FailOnUnresolvedReference(value);
            return new QueueServiceClient(value, options);
        }

        var serviceUri = section["queueServiceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.queue.core.windows.net" : null);
        return serviceUri is null
            ? new QueueServiceClient(StorageConnection.DevelopmentStorage, options)
            : new QueueServiceClient(new Uri(serviceUri), StorageConnection.Credential(section), options);
    }
}
