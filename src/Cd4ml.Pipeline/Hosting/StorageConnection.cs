using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>
/// Builds the one <see cref="BlobServiceClient"/> of a host from the same setting the Functions runtime uses,
/// <c>AzureWebJobsStorage</c>: a connection string locally (Azurite), identity-based settings in Azure
/// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__credential=managedidentity</c>, <c>__clientId</c>).
/// </summary>
public static class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static BlobServiceClient Create(IConfiguration configuration, BlobClientOptions? options = null)
    {
        var section = configuration.GetSection(SettingName);
        var value = section.Value;
        if (!string.IsNullOrWhiteSpace(value))
        {
            FailOnUnresolvedReference(value);
            return new BlobServiceClient(value, options);
        }

        var serviceUri = section["blobServiceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.blob.core.windows.net" : null);
        if (serviceUri is null)
        {
            return new BlobServiceClient(DevelopmentStorage, options);
        }

        return new BlobServiceClient(new Uri(serviceUri), Credential(section), options);
    }

    /// <summary>
    /// The identity of identity-based <c>AzureWebJobsStorage__*</c> settings: the user-assigned managed identity named by
    /// <c>__clientId</c> when <c>__credential=managedidentity</c>, otherwise <see cref="DefaultAzureCredential"/>.
    /// Shared by every storage service client (blobs, queues) so they always sign in as the same identity.
    /// </summary>
    public static TokenCredential Credential(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(section["clientId"] ?? throw new InvalidOperationException(
                $"{SettingName}__credential is managedidentity but {SettingName}__clientId is not set")))
            : new DefaultAzureCredential();
    }

    /// <summary>
    /// An app setting that still reads <c>@Microsoft.KeyVault(...)</c> was not resolved by the platform; using it
    /// as a secret would fail later and more obscurely, so start-up stops here with the reason.
    /// </summary>
    public static void FailOnUnresolvedReference(string value)
    {
        if (value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"the setting {SettingName} is an unresolved Key Vault reference; grant the app's identity access to the vault or set the value directly");
        }
    }
}
