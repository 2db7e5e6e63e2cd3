using Azure.Storage.Blobs;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>The pipeline specs the triggers run: <c>pipelines/{pipeline}.json</c>.</summary>
public sealed class PipelineSpecStore(BlobServiceClient service)
{
    public static string SpecBlob(string pipeline) => $"{pipeline}.json";

    private BlobContainerClient Pipelines => service.GetBlobContainerClient(Containers.Pipelines);

    /// <summary>Whether a pipeline has a stored spec (valid or not).</summary>
    public async Task<bool> ExistsAsync(string pipeline, CancellationToken ct = default) =>
        PipelineNames.IsValid(pipeline) && (await Pipelines.GetBlobClient(SpecBlob(pipeline)).ExistsAsync(ct).ConfigureAwait(false)).Value;

    /// <summary>The stored spec, or null when no pipeline of that name exists. Throws <see cref="InvalidSpecException"/> for a broken one.</summary>
    public async Task<PipelineSpec?> GetAsync(string pipeline, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline))
        {
            return null;
        }

        var content = await Pipelines.GetBlobClient(SpecBlob(pipeline)).DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? null : PipelineSpecParser.Parse(content.Content.ToString(), $"{Containers.Pipelines}/{SpecBlob(pipeline)}");
    }

    /// <summary>Validates and stores a spec under its own name.</summary>
    public async Task<PipelineSpec> PutAsync(string json, string source, CancellationToken ct = default)
    {
        var spec = PipelineSpecParser.Parse(json, source);
        await Pipelines.GetBlobClient(SpecBlob(spec.Name)).UploadAsync(BinaryData.FromString(json), overwrite: true, ct).ConfigureAwait(false);
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
