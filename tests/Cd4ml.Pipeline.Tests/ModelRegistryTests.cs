using Azure;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// The registry's storage guarantees on a real Azurite. Numbers refer to ../shared RELIABILITY items.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelRegistryTests(AzuriteFixture storage)
{
    private readonly ModelRegistry _registry = new(storage.Client);
    private static readonly DateTimeOffset s_at = RegistrySeed.At;

    [Fact]
    public async Task R01_publishing_twice_for_the_same_run_gives_one_version_with_the_same_bytes()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var zip = BinaryData.FromBytes([1, 2, 3, 4]);

        var first = await _registry.PublishVersionAsync(Manifest(pipeline, "run-a", zip), zip);
        var second = await _registry.PublishVersionAsync(Manifest(pipeline, "run-a", zip), zip);

        Assert.Equal(1, first.Version);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(new[] { 1 }, await _registry.ListVersionsAsync(pipeline));
    }

    [Fact]
    public async Task R01_concurrent_publishers_for_different_runs_never_share_a_version_number()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var zips = Enumerable.Range(0, 6).Select(i => BinaryData.FromBytes([(byte)i])).ToList();

        var versions = await Task.WhenAll(zips.Select((zip, i) => _registry.PublishVersionAsync(Manifest(pipeline, $"run-{i}", zip), zip)));

        Assert.Equal(Enumerable.Range(1, 6), versions.Select(v => v.Version).Order());
        foreach (var version in versions)
        {
            // Each number holds exactly the model its manifest names.
            var bytes = await _registry.DownloadVerifiedModelAsync(version);
            Assert.Equal(version.ModelBytes, bytes.ToMemory().Length);
        }
    }

    [Fact]
    public async Task R05_recreating_an_existing_version_blob_is_a_conflict_and_the_bytes_are_unchanged()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var zip = BinaryData.FromBytes([9, 9, 9]);
        var published = await _registry.PublishVersionAsync(Manifest(pipeline, "run-a", zip), zip);
        var blob = storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, published.Version)}/model.zip");

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => blob.UploadAsync(
            BinaryData.FromBytes([0]), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }));

        Assert.Equal(409, conflict.Status);
        Assert.Equal(zip.ToArray(), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task R04_moving_an_alias_from_a_stale_view_writes_nothing_and_says_who_holds_it()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var v1 = await PublishAsync(pipeline, "run-1");
        var v2 = await PublishAsync(pipeline, "run-2");
        var v3 = await PublishAsync(pipeline, "run-3");
        Assert.Equal(AliasMoveOutcome.Moved, (await _registry.MoveAliasAsync(v1, ModelRegistry.Champion, null, "test", "first", s_at)).Outcome);
        Assert.Equal(AliasMoveOutcome.Moved, (await _registry.MoveAliasAsync(v2, ModelRegistry.Champion, 1, "test", "better", s_at)).Outcome);

        // This mover still believes v1 is champion.
        var stale = await _registry.MoveAliasAsync(v3, ModelRegistry.Champion, 1, "test", "stale", s_at);

        Assert.Equal(AliasMoveOutcome.Conflict, stale.Outcome);
        Assert.Contains("v2", stale.Message, StringComparison.Ordinal);
        var (alias, _) = await _registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal(2, alias!.Version);
        Assert.Equal(1, alias.Previous);
        Assert.Equal(2, alias.Generation);
    }

    [Fact]
    public async Task R02_moving_the_alias_again_for_the_same_run_is_a_no_op_with_one_audit_line()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var v1 = await PublishAsync(pipeline, "run-1");

        var first = await _registry.MoveAliasAsync(v1, ModelRegistry.Champion, null, "test", "first", s_at);
        var replay = await _registry.MoveAliasAsync(v1, ModelRegistry.Champion, null, "test", "first", s_at);

        Assert.Equal(AliasMoveOutcome.Moved, first.Outcome);
        Assert.Equal(AliasMoveOutcome.AlreadyMoved, replay.Outcome);
        Assert.Single(await _registry.ReadAuditAsync(pipeline));
    }

    [Fact]
    public async Task R03_racing_promotions_leave_exactly_one_winner_and_one_audit_line()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var candidates = new List<ModelManifest>();
        for (var i = 0; i < 8; i++)
        {
            candidates.Add(await PublishAsync(pipeline, $"run-{i}"));
        }

        var moves = await Task.WhenAll(candidates.Select(c => _registry.MoveAliasAsync(c, ModelRegistry.Champion, null, "test", "race", s_at)));

        var winner = Assert.Single(moves, m => m.Outcome == AliasMoveOutcome.Moved);
        Assert.Equal(7, moves.Count(m => m.Outcome == AliasMoveOutcome.Conflict));
        var (alias, _) = await _registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal(winner.Current!.Version, alias!.Version);
        var audit = Assert.Single(await _registry.ReadAuditAsync(pipeline));
        Assert.Equal(alias.Version, audit.Version);
    }

    [Fact]
    public async Task R29_a_model_whose_bytes_do_not_match_its_manifest_is_refused_before_loading()
    {
        var pipeline = Samples.UniquePipelineName("reg");
        var v1 = await PublishAsync(pipeline, "run-1");
        var blob = storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient($"{ModelRegistry.VersionFolder(pipeline, 1)}/model.zip");
        await blob.UploadAsync(BinaryData.FromString("not the model"), overwrite: true);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => _registry.DownloadVerifiedModelAsync(v1));

        Assert.Contains("refusing to load it", refused.Message, StringComparison.Ordinal);
    }

    private Task<ModelManifest> PublishAsync(string pipeline, string runId) => RegistrySeed.PublishAsync(_registry, pipeline, runId);

    private static ModelManifest Manifest(string pipeline, string runId, BinaryData zip) => RegistrySeed.Manifest(pipeline, runId, zip);
}
