using Azure.Storage.Blobs;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>The pipeline specs the triggers run: <c>pipelines/{pipeline}.json</c>.</summary>
public sealed class PipelineSpecStore(BlobServiceClient service)
{
    private BlobContainerClient Pipelines => service.GetBlobContainerClient(Containers.Pipelines);

    /// <summary>The stored spec, or null when no pipeline of that name exists. Throws <see cref="InvalidSpecException"/> for a broken one.</summary>
    public async Task<PipelineSpec?> GetAsync(string pipeline, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline))
        {
            return null;
        }

        var content = await Pipelines.GetBlobClient($"{pipeline}.json").DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? null : PipelineSpecParser.Parse(content.Content.ToString(), $"{Containers.Pipelines}/{pipeline}.json");
    }

    /// <summary>Validates and stores a spec under its own name.</summary>
    public async Task<PipelineSpec> PutAsync(string json, string source, CancellationToken ct = default)
    {
        var spec = PipelineSpecParser.Parse(json, source);
        await Pipelines.GetBlobClient($"{spec.Name}.json").UploadAsync(BinaryData.FromString(json), overwrite: true, ct).ConfigureAwait(false);
        return spec;
    }

    /// <summary>Names of all stored pipelines.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default)
    {
        var names = new List<string>();
        await foreach (var blob in Pipelines.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, ct).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal) && PipelineNames.IsValid(blob.Name[..^5]))
            {
                names.Add(blob.Name[..^5]);
            }
        }

        return names;
    }
}
