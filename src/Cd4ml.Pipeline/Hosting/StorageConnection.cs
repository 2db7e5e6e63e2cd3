using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Where one storage service (blob or queue) is: a connection string, or a service URI reached with a credential.</summary>
public sealed record StorageEndpoint(string? ConnectionString, Uri? ServiceUri);

/// <summary>
/// Reads the same setting the Functions runtime uses, <c>AzureWebJobsStorage</c>: a connection string locally
/// (Azurite), identity-based settings in Azure (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__credential=managedidentity</c>, <c>__clientId</c>). The clients themselves are built once, by
/// <c>AddAzureClients</c> in <see cref="PipelineServiceCollectionExtensions"/>.
/// </summary>
public static class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The endpoint of one service: <paramref name="service"/> is <c>blob</c> or <c>queue</c>.</summary>
    public static StorageEndpoint Endpoint(IConfiguration configuration, string service)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SettingName);
        if (section.Value is { } value && !string.IsNullOrWhiteSpace(value))
        {
            FailOnUnresolvedReference(value);
            return new StorageEndpoint(value, null);
        }

        var serviceUri = section[$"{service}ServiceUri"]
            ?? (section["accountName"] is { Length: > 0 } account ? $"https://{account}.{service}.core.windows.net" : null);
        return serviceUri is null ? new StorageEndpoint(DevelopmentStorage, null) : new StorageEndpoint(null, new Uri(serviceUri));
    }

    /// <summary>
    /// The identity of identity-based <c>AzureWebJobsStorage__*</c> settings: the user-assigned managed identity named by
    /// <c>__clientId</c> when <c>__credential=managedidentity</c>, otherwise <see cref="DefaultAzureCredential"/>.
    /// Registered once as the Azure clients' credential, so blobs and queues sign in as the same identity.
    /// </summary>
    public static TokenCredential Credential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SettingName);
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(section["clientId"] ?? throw new InvalidOperationException(
                $"{SettingName}__credential is managedidentity but {SettingName}__clientId is not set")))
            : new DefaultAzureCredential();
    }

    /// <summary>
    /// A connection string that still reads <c>@Microsoft.KeyVault(...)</c> was not resolved by the platform; using it
    /// would fail later and more obscurely, so start-up stops here with the reason (<see cref="SecretSettings"/>).
    /// </summary>
    public static void FailOnUnresolvedReference(string value)
    {
        if (SecretSettings.UnresolvedReference(SettingName, value) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
