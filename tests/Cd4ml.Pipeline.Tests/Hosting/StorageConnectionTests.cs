using Cd4ml.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Tests.Hosting;

/// <summary>How the AzureWebJobsStorage setting becomes the host's storage endpoints.</summary>
public sealed class StorageConnectionTests
{
    [Fact]
    public void Identity_based_settings_give_each_service_its_own_uri()
    {
        var configuration = Settings(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), StorageConnection.Endpoint(configuration, "blob").ServiceUri);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), StorageConnection.Endpoint(configuration, "queue").ServiceUri);
        Assert.Null(StorageConnection.Endpoint(configuration, "blob").ConnectionString);
    }

    [Fact]
    public void An_account_name_alone_derives_the_service_uris()
    {
        var configuration = Settings(new() { ["AzureWebJobsStorage:accountName"] = "acct" });

        Assert.Equal(new Uri("https://acct.queue.core.windows.net"), StorageConnection.Endpoint(configuration, "queue").ServiceUri);
    }

    [Fact]
    public void A_connection_string_or_nothing_uses_a_connection_string()
    {
        Assert.Equal("UseDevelopmentStorage=true", StorageConnection.Endpoint(Settings(new()), "blob").ConnectionString);
        Assert.Equal("DefaultEndpointsProtocol=http;AccountName=a", StorageConnection.Endpoint(
            Settings(new() { ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=a" }), "queue").ConnectionString);
    }

    [Fact]
    public void An_unresolved_key_vault_reference_fails_with_the_reason()
    {
        var configuration = Settings(new() { ["AzureWebJobsStorage"] = "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s)" });

        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Endpoint(configuration, "blob"));

        Assert.Contains("unresolved Key Vault reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Managed_identity_without_a_client_id_is_refused()
    {
        var configuration = Settings(new() { ["AzureWebJobsStorage:credential"] = "managedidentity" });

        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.Credential(configuration));

        Assert.Contains("__clientId is not set", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
