using Cd4ml.Core.Registry;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests;

/// <summary>A stored model over the size cap is refused before it is downloaded (RELIABILITY.md 29 and 35).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelSizeLimitTests(AzuriteFixture storage)
{
    private readonly ModelRegistry _registry = new(storage.Client);

    [Fact]
    public async Task R35_a_model_over_the_size_cap_is_refused_naming_the_setting_and_one_within_it_downloads_verified()
    {
        var pipeline = Samples.UniquePipelineName("size");
        var zip = BinaryData.FromBytes(new byte[2048]);
        var published = await _registry.PublishVersionAsync(RegistrySeed.Manifest(pipeline, "run-a", zip), zip);

        var refused = await Assert.ThrowsAsync<ModelTooLargeException>(() => _registry.DownloadVerifiedModelAsync(published, maxBytes: 2047));
        var downloaded = await _registry.DownloadVerifiedModelAsync(published, maxBytes: 2048);

        Assert.Contains("is 2,048 bytes, more than the 2,047 a model may have, so it was not downloaded", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Cd4ml:Limits:MaxModelBytes (Cd4ml__Limits__MaxModelBytes)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2048, downloaded.ToMemory().Length);
    }

    [Fact]
    public async Task A_model_whose_stored_size_differs_from_its_manifest_is_refused_before_download()
    {
        var pipeline = Samples.UniquePipelineName("size");
        var zip = BinaryData.FromBytes(new byte[100]);
        var published = await _registry.PublishVersionAsync(RegistrySeed.Manifest(pipeline, "run-a", zip), zip);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => _registry.DownloadVerifiedModelAsync(published with { ModelBytes = 99 }, maxBytes: 1 << 20));

        Assert.Contains("is 100 bytes, but its manifest says 99", refused.Message, StringComparison.Ordinal);
    }
}
