using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Functions.Tests.Support;

/// <summary>Puts a pipeline's spec and datasets where the triggers look for them.</summary>
public static class PipelineStorage
{
    public static async Task PushSpecAsync(AzuriteFixture storage, string pipeline) =>
        await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient($"{pipeline}.json")
            .UploadAsync(BinaryData.FromString(Samples.CreditSpecJson(pipeline)), overwrite: true);

    public static async Task<string> DropDatasetAsync(AzuriteFixture storage, string pipeline, string localFile, string name)
    {
        var blobName = $"{pipeline}/{name}";
        await storage.Client.GetBlobContainerClient(Containers.Datasets).GetBlobClient(blobName).UploadAsync(localFile, overwrite: true);
        return blobName;
    }
}
