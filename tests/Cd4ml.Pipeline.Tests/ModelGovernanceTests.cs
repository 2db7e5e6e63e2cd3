using Azure;
using Azure.Storage.Blobs;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// Promote, rollback, history and "champion at time T" on a real Azurite. Numbers refer to ../shared RELIABILITY
/// items; ModelRegistryTests covers the pipeline's own alias move.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelGovernanceTests(AzuriteFixture storage)
{
    private readonly ManualClock _clock = new(RegistrySeed.At);

    private ModelRegistry Registry => new(storage.Client, _clock);

    [Fact]
    public async Task R02_a_crash_between_the_champion_swap_and_its_audit_line_is_repaired_by_the_rerun_with_exactly_one_line()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        var v1 = await RegistrySeed.PublishAsync(Registry, pipeline, "run-1");
        // The first attempt swapped the alias, then the host died before appending the audit line.
        var swapped = new AliasRecord(1, 1, null, v1.ModelSha256, RegistrySeed.At, "run-1", "manual:test", "first");
        await Models.GetBlobClient(ModelRegistry.AliasBlob(pipeline, ModelRegistry.Champion))
            .UploadAsync(BinaryData.FromObjectAsJson(swapped, SpecJson.Options));

        var rerun = await Registry.MoveAliasAsync(v1, ModelRegistry.Champion, null, "manual:test", "first", RegistrySeed.At);
        var again = await Registry.MoveAliasAsync(v1, ModelRegistry.Champion, null, "manual:test", "first", RegistrySeed.At);

        Assert.Equal(AliasMoveOutcome.AlreadyMoved, rerun.Outcome);
        Assert.Equal(AliasMoveOutcome.AlreadyMoved, again.Outcome);
        var line = Assert.Single(await Registry.ReadAuditAsync(pipeline));
        Assert.Equal((AuditActions.Promote, 1, 1L), (line.Action, line.Version, line.Generation));
        Assert.Equal(1, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Generation);
    }

    [Fact]
    public async Task R03_eight_concurrent_promotions_from_the_same_etag_leave_one_winner_and_a_consistent_audit_log()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 9);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "baseline");
        var (_, etag) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);

        var moves = await Task.WhenAll(Enumerable.Range(2, 8).Select(v =>
            Registry.PromoteAsync(pipeline, ModelRegistry.Champion, v, $"user-{v}", "race", etag)));

        var winner = Assert.Single(moves, m => m.Outcome == AliasMoveOutcome.Moved);
        Assert.Equal(7, moves.Count(m => m.Outcome == AliasMoveOutcome.Conflict));
        // Every loser is told who holds the alias now: the winner.
        Assert.All(moves.Where(m => m.Outcome == AliasMoveOutcome.Conflict), m => Assert.Equal(winner.Current!.Version, m.Current!.Version));
        var (alias, _) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((winner.Current!.Version, 2L, (int?)1), (alias!.Version, alias.Generation, alias.Previous));
        var audit = await Registry.ReadAuditAsync(pipeline);
        Assert.Equal(new long?[] { 1, 2 }, audit.Select(e => e.Generation));
        Assert.Equal(alias.Version, audit[^1].Version);
        Assert.Equal(1, audit[^1].Previous);
    }

    [Fact]
    public async Task R04_promoting_with_a_stale_etag_writes_nothing_and_names_the_current_holder()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 3);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        var (_, stale) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "bob", "better");

        var late = await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 3, "carol", "stale view", stale);

        Assert.Equal(AliasMoveOutcome.Conflict, late.Outcome);
        Assert.Equal(2, late.Current!.Version);
        Assert.Contains("v2", late.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(2, (await Registry.ReadAuditAsync(pipeline)).Count);
    }

    [Fact]
    public async Task R06_rollback_to_a_missing_version_is_refused_and_champion_unchanged()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 2);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        var before = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);

        var refused = await Assert.ThrowsAsync<ModelNotFoundException>(() =>
            Registry.RollbackAsync(pipeline, ModelRegistry.Champion, 7, "ops", "bad deploy"));

        Assert.Contains("no version 7", refused.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(pipeline, before, auditLines: 2);
    }

    [Fact]
    public async Task R06_rollback_to_a_version_whose_hash_no_longer_matches_is_refused_and_champion_unchanged()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 2);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        await RegistrySeed.TamperAsync(storage.Client, pipeline, 1);
        var before = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);

        var refused = await Assert.ThrowsAsync<AliasMoveRefusedException>(() =>
            Registry.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "bad deploy"));

        Assert.Contains("SHA-256", refused.Message, StringComparison.Ordinal);
        Assert.Contains("v1", refused.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(pipeline, before, auditLines: 2);
    }

    [Fact]
    public async Task R06_rollback_with_no_previous_version_is_refused_with_what_to_do()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 1);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        var before = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);

        var refused = await Assert.ThrowsAsync<AliasMoveRefusedException>(() =>
            Registry.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "undo"));

        Assert.Contains("no previous version", refused.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(pipeline, before, auditLines: 1);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => Registry.RollbackAsync(pipeline, "staging", null, "ops", "undo"));
    }

    [Fact]
    public async Task R29_promoting_a_version_whose_model_was_replaced_is_refused_before_the_alias_moves()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 2);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        await RegistrySeed.TamperAsync(storage.Client, pipeline, 2);
        var before = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);

        var refused = await Assert.ThrowsAsync<AliasMoveRefusedException>(() =>
            Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "mallory", "trust me"));

        Assert.Contains("its manifest says", refused.Message, StringComparison.Ordinal);
        await AssertUnchangedAsync(pipeline, before, auditLines: 1);
    }

    [Fact]
    public async Task Rollback_restores_the_previous_champion_and_is_itself_audited()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 2);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        _clock.Now = RegistrySeed.At.AddHours(1);

        var rollback = await Registry.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "v2 misbehaves in production");

        Assert.Equal(AliasMoveOutcome.Moved, rollback.Outcome);
        var (alias, _) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((1, 3L, (int?)2, "ops", "v2 misbehaves in production"), (alias!.Version, alias.Generation, alias.Previous, alias.By, alias.Reason));
        Assert.Equal("run-1", alias.RunId);
        var newest = (await Registry.ReadHistoryAsync(pipeline))[0];
        Assert.Equal((AuditActions.Rollback, 1, (int?)2, "ops", 3L), (newest.Action, newest.Version!.Value, newest.Previous, newest.By, newest.Generation!.Value));
        Assert.Equal(_clock.Now, newest.At);
    }

    [Fact]
    public async Task Champion_at_time_T_follows_three_promotions_and_a_rollback()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 3);
        var t0 = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        foreach (var (hours, version) in new[] { (1, 1), (2, 2), (3, 3) })
        {
            _clock.Now = t0.AddHours(hours);
            await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, version, "alice", $"promote v{version}");
        }

        _clock.Now = t0.AddHours(4);
        await Registry.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "v3 regressed");
        await Registry.AppendAuditAsync(new AuditEntry(AuditActions.Reject, pipeline, ModelRegistry.Champion, 4, null, t0.AddHours(5), "run-x", "bob", "not now"));

        Assert.Null(await Registry.AliasAtAsync(pipeline, ModelRegistry.Champion, t0));
        Assert.Equal(1, await Registry.AliasAtAsync(pipeline, ModelRegistry.Champion, t0.AddHours(1)));
        Assert.Equal(1, await Registry.AliasAtAsync(pipeline, ModelRegistry.Champion, t0.AddHours(2).AddTicks(-1)));
        Assert.Equal(2, await Registry.AliasAtAsync(pipeline, ModelRegistry.Champion, t0.AddHours(2.5)));
        Assert.Equal(3, await Registry.AliasAtAsync(pipeline, ModelRegistry.Champion, t0.AddHours(3.5)));
        // The rollback went back to v2, and a rejection moves nothing.
        Assert.Equal(2, await Registry.AliasAtAsync(pipeline, ModelRegistry.Champion, t0.AddHours(6)));
        Assert.Null(await Registry.AliasAtAsync(pipeline, "staging", t0.AddHours(6)));
    }

    [Fact]
    public async Task History_is_newest_first_and_keeps_lines_appended_by_the_approval_gate()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 2);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        await Registry.AppendAuditAsync(new AuditEntry(AuditActions.Approve, pipeline, ModelRegistry.Champion, null, null, RegistrySeed.At, "run-2", "bob", "looks good"));
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "bob", "approved");

        var history = await Registry.ReadHistoryAsync(pipeline);

        Assert.Equal(new[] { AuditActions.Promote, AuditActions.Approve, AuditActions.Promote }, history.Select(e => e.Action));
        Assert.Equal(new int?[] { 2, null, 1 }, history.Select(e => e.Version));
    }

    [Fact]
    public async Task Version_summaries_carry_the_primary_metric_the_data_lineage_and_the_aliases_pointing_at_each()
    {
        var pipeline = Samples.UniquePipelineName("gov");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 3);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "best");
        await Registry.PromoteAsync(pipeline, "staging", 3, "alice", "try it");

        var summaries = await Registry.ListVersionSummariesAsync(pipeline);

        Assert.Equal(new[] { 1, 2, 3 }, summaries.Select(s => s.Version));
        Assert.Equal("auc", summaries[0].PrimaryMetric);
        Assert.Equal(0.72, summaries[1].PrimaryMetricValue!.Value, 6);
        Assert.Equal((new string('a', 64), 10L, "run-2"), (summaries[1].DatasetSha256, summaries[1].DatasetRows, summaries[1].RunId));
        Assert.Equal(new[] { new string[0], [ModelRegistry.Champion], ["staging"] }, summaries.Select(s => s.Aliases.ToArray()));
        Assert.Equal(new[] { ModelRegistry.Champion, "staging" }, (await Registry.ListAliasesAsync(pipeline)).Keys);
    }

    [Theory]
    [InlineData("Champion")]
    [InlineData("..")]
    [InlineData("../champion")]
    [InlineData("a/b")]
    [InlineData("%2e%2e%2f")]
    [InlineData("champion;x")]
    [InlineData("champion?x=../")]
    [InlineData("1st")]
    [InlineData("")]
    [InlineData("champion\n")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public async Task R28_alias_names_outside_the_alphabet_are_refused_before_any_storage_call(string alias)
    {
        // No storage answers here: reaching it would fail differently (and slowly) instead of with ArgumentException.
        var nowhere = new ModelRegistry(new BlobServiceClient(new Uri($"http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1"), new BlobClientOptions { Retry = { MaxRetries = 0 } }));

        var promote = await Assert.ThrowsAsync<ArgumentException>(() => nowhere.PromoteAsync("credit", alias, 1, "alice", "why"));
        await Assert.ThrowsAsync<ArgumentException>(() => nowhere.RollbackAsync("credit", alias, null, "alice", "why"));
        await Assert.ThrowsAsync<ArgumentException>(() => nowhere.GetAliasAsync("credit", alias));
        await Assert.ThrowsAsync<ArgumentException>(() => nowhere.AliasAtAsync("credit", alias, RegistrySeed.At));

        Assert.Contains("not an alias name", promote.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../models")]
    [InlineData("..%2fmodels")]
    [InlineData("Credit")]
    [InlineData("credit/aliases")]
    [InlineData("file://x")]
    [InlineData("credit\n")]
    public async Task R28_pipeline_names_outside_the_alphabet_are_refused_before_any_storage_call(string pipeline)
    {
        var nowhere = new ModelRegistry(new BlobServiceClient(new Uri($"http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1"), new BlobClientOptions { Retry = { MaxRetries = 0 } }));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => nowhere.ListVersionSummariesAsync(pipeline));
        await Assert.ThrowsAsync<ArgumentException>(() => nowhere.ReadHistoryAsync(pipeline));
        await Assert.ThrowsAsync<ArgumentException>(() => nowhere.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "why"));

        Assert.Contains("not a pipeline name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Alias_names_in_the_alphabet_are_accepted()
    {
        Assert.True(AliasNames.IsValid("champion"));
        Assert.True(AliasNames.IsValid("a"));
        Assert.True(AliasNames.IsValid("canary-2"));
        Assert.True(AliasNames.IsValid("abcdefghijklmnopqrstuvwxyz012345"));
    }

    private BlobContainerClient Models => storage.Client.GetBlobContainerClient(Containers.Models);

    private async Task AssertUnchangedAsync(string pipeline, (AliasRecord? Record, ETag? ETag) before, int auditLines)
    {
        var after = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.Record, after.Record);
        Assert.Equal(auditLines, (await Registry.ReadAuditAsync(pipeline)).Count);
    }
}
