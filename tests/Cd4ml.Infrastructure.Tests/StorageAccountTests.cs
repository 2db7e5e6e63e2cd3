using System.Text.Json;
using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class StorageAccountTests(MainTemplateFixture template)
{
    private ArmTemplate Storage => template.Main.Module("storage");

    private JsonElement AccountProperties => Storage.Single("Microsoft.Storage/storageAccounts").GetProperty("properties");

    private JsonElement BlobServiceProperties =>
        Storage.Single("Microsoft.Storage/storageAccounts/blobServices").GetProperty("properties");

    [Fact]
    public void Storage_account_refuses_shared_key_access()
    {
        Assert.False(AccountProperties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.True(AccountProperties.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void Storage_account_refuses_anonymous_blob_access()
    {
        Assert.False(AccountProperties.GetProperty("allowBlobPublicAccess").GetBoolean());
        var container = Storage.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", container.At("properties.publicAccess").GetString());
    }

    [Fact]
    public void Storage_account_accepts_only_https_with_TLS_1_2()
    {
        Assert.Equal("TLS1_2", AccountProperties.GetProperty("minimumTlsVersion").GetString());
        Assert.True(AccountProperties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
    }

    [Fact]
    public void Blob_versioning_is_on()
    {
        Assert.True(BlobServiceProperties.GetProperty("isVersioningEnabled").GetBoolean());
    }

    [Fact]
    public void Deleted_blobs_and_containers_can_be_restored()
    {
        Assert.True(BlobServiceProperties.At("deleteRetentionPolicy.enabled").GetBoolean());
        Assert.False(BlobServiceProperties.At("deleteRetentionPolicy.allowPermanentDelete").GetBoolean());
        Assert.True(BlobServiceProperties.At("containerDeleteRetentionPolicy.enabled").GetBoolean());
        Assert.Equal("[parameters('softDeleteRetentionDays')]", BlobServiceProperties.At("deleteRetentionPolicy.days").GetString());
        Assert.True(Storage.Parameter("softDeleteRetentionDays").GetProperty("minValue").GetInt32() >= 1);
    }

    [Fact]
    public void Registry_and_deployment_containers_are_created()
    {
        var main = template.Main;
        Assert.Equal("[variables('containerNames')]", main.ModuleArgument("storage", "containerNames").GetString());
        var names = main.Variable("containerNames").EnumerateArray().Select(n => n.GetString()).ToList();

        Assert.Subset(
            new HashSet<string?> { "datasets", "pipelines", "snapshots", "quarantine", "models", "runs", "scoring", "predictions", "feedback", "monitoring", "[variables('deploymentContainerName')]" },
            names.ToHashSet());
        var container = Storage.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("[length(parameters('containerNames'))]", container.At("copy.count").GetString());
    }
}
