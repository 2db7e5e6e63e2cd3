using System.Text;
using System.Text.Json;
using Azure.Core;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Events;
using Cd4ml.Pipeline.Governance;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cd4ml.Pipeline.Tests;

/// <summary>
/// Issue 13, items 2, 4 and part of 12, on a real Azurite: rollbacks that can be repeated safely, one audit line and
/// one event per alias move even when the append or the send fails once, and one version per run however many
/// publish attempts run at once. Faults are injected into the storage client's pipeline; storage itself is real.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AliasIntegrityTests(AzuriteFixture storage)
{
    private readonly ManualClock _clock = new(RegistrySeed.At);

    private ModelRegistry Registry => new(storage.Client, _clock);

    [Fact]
    public async Task I13_2_a_repeated_rollback_changes_nothing_instead_of_putting_the_bad_version_back()
    {
        var pipeline = Samples.UniquePipelineName("rb");
        await SeedChampionsAsync(pipeline, 3);

        var first = await Registry.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "v3 misbehaves");
        var repeated = await Registry.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "v3 misbehaves");

        Assert.Equal(AliasMoveOutcome.Moved, first.Outcome);
        Assert.Equal(AliasMoveOutcome.AlreadyMoved, repeated.Outcome);
        var (alias, _) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((2, 4L), (alias!.Version, alias.Generation));
        Assert.Single(await Registry.ReadAuditAsync(pipeline), e => e.Action == AuditActions.Rollback);
    }

    [Fact]
    public async Task I13_2_rollback_with_an_expected_version_is_409_with_the_current_state_on_mismatch_and_a_no_op_when_repeated()
    {
        var pipeline = Samples.UniquePipelineName("rb");
        await SeedChampionsAsync(pipeline, 3);
        var api = new ModelsApi(Governance(Registry), new PipelineSpecStore(storage.Client), new RequestActors(Microsoft.Extensions.Options.Options.Create(new AuthOptions())));
        const string body = """{"expectedVersion": 3, "reason": "v3 misbehaves", "by": "ops"}""";

        var first = await CallAsync(ctx => api.RollbackAsync(ctx.Request, pipeline), body);
        // A retried request, or a second person clicking the same button: the alias is no longer at v3.
        var repeated = await CallAsync(ctx => api.RollbackAsync(ctx.Request, pipeline), body);
        var fromElsewhere = await CallAsync(ctx => api.RollbackAsync(ctx.Request, pipeline), """{"expectedVersion": 1, "reason": "undo v1", "by": "bob"}""");

        Assert.Equal(StatusCodes.Status200OK, first.Status);
        Assert.Equal(StatusCodes.Status200OK, repeated.Status);
        Assert.Equal("already-moved", repeated.Json.GetProperty("outcome").GetString());
        Assert.Equal(StatusCodes.Status409Conflict, fromElsewhere.Status);
        Assert.Equal(2, fromElsewhere.Json.GetProperty("current").GetProperty("version").GetInt32());
        Assert.Contains("not the v1 this rollback expected", fromElsewhere.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (alias, etag) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((2, 4L, (int?)3), (alias!.Version, alias.Generation, alias.Previous));

        // If-Match works the same way: a stale ETag is a 409 and nothing moves.
        var stale = await CallAsync(ctx => api.RollbackAsync(ctx.Request, pipeline), """{"toVersion": 1, "reason": "older", "by": "carol"}""", ifMatch: "\"0x1\"");
        Assert.Equal(StatusCodes.Status409Conflict, stale.Status);
        Assert.Equal(etag, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).ETag);
        Assert.Single(await Registry.ReadAuditAsync(pipeline), e => e.Action == AuditActions.Rollback);
    }

    [Fact]
    public async Task I13_3_a_pipeline_move_at_a_stale_generation_is_refused_even_when_the_version_is_back_to_the_one_evaluated()
    {
        var pipeline = Samples.UniquePipelineName("gen");
        await SeedChampionsAsync(pipeline, 2, versions: 3);
        var v3 = await Registry.GetManifestAsync(pipeline, 3);
        var governance = Governance(Registry);
        // The run evaluated v2 at generation 2; then an operator rolled back to v1 and promoted v2 again (generation 4).
        await governance.RollbackAsync(pipeline, ModelRegistry.Champion, 1, "ops", "v2 misbehaves", expectedVersion: 2);
        await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "ops", "v2 is fine after all");

        var move = await governance.MoveForRunAsync(v3!, ModelRegistry.Champion, 2, "pipeline", "beats v2", RegistrySeed.At, expectedGeneration: 2);

        Assert.Equal(AliasMoveOutcome.Conflict, move.Outcome);
        Assert.StartsWith(ModelRegistry.ChampionChanged, move.Message, StringComparison.Ordinal);
        var (alias, _) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((2, 4L), (alias!.Version, alias.Generation));
    }

    [Fact]
    public async Task I13_4_a_promotion_whose_audit_append_fails_once_ends_with_one_line_and_one_event_when_repeated()
    {
        var pipeline = Samples.UniquePipelineName("au");
        await SeedChampionsAsync(pipeline, 1, versions: 2);
        var faults = new FailingRequests(FailingRequests.AuditAppend, times: 1);
        var governance = Governance(new ModelRegistry(faults.Blobs(storage.ConnectionString), _clock));

        // The alias moves, then the append fails: the caller sees the failure (a 500) and repeats the request.
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => governance.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "bob", "better"));
        var repeated = await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "bob", "better");

        Assert.Equal(AliasMoveOutcome.AlreadyMoved, repeated.Outcome);
        var line = Assert.Single(await Registry.ReadAuditAsync(pipeline), e => e.Generation == 2);
        Assert.Equal((AuditActions.Promote, (int?)2, "bob"), (line.Action, line.Version, line.By));
        var events = await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, Subject(pipeline), expected: 2, TimeSpan.FromSeconds(4));
        Assert.Equal(["champion.2"], events.Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task I13_4_a_rollback_whose_audit_append_fails_once_ends_with_one_line_and_one_event_when_repeated()
    {
        var pipeline = Samples.UniquePipelineName("au");
        await SeedChampionsAsync(pipeline, 2);
        var faults = new FailingRequests(FailingRequests.AuditAppend, times: 1);
        var governance = Governance(new ModelRegistry(faults.Blobs(storage.ConnectionString), _clock));

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => governance.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "v2 bad", expectedVersion: 2));
        var repeated = await governance.RollbackAsync(pipeline, ModelRegistry.Champion, null, "ops", "v2 bad", expectedVersion: 2);

        Assert.Equal(AliasMoveOutcome.AlreadyMoved, repeated.Outcome);
        Assert.Equal(1, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        var line = Assert.Single(await Registry.ReadAuditAsync(pipeline), e => e.Generation == 3);
        Assert.Equal((AuditActions.Rollback, (int?)1, (int?)2), (line.Action, line.Version, line.Previous));
        var events = await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, Subject(pipeline), expected: 2, TimeSpan.FromSeconds(4));
        Assert.Equal(["champion.3"], events.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(AuditActions.Rollback, events[0].GetProperty("data").GetProperty("action").GetString());
    }

    [Fact]
    public async Task I13_4_an_event_whose_send_fails_once_is_sent_exactly_once()
    {
        var pipeline = Samples.UniquePipelineName("ev");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 1);
        var faults = new FailingRequests(FailingRequests.EventSend, times: 1);
        var governance = new ModelGovernance(Registry, new ModelEventPublisher(() => faults.Queues(storage.ConnectionString), NullLogger<ModelEventPublisher>.Instance));

        var moved = await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        var again = await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");

        Assert.Equal((AliasMoveOutcome.Moved, AliasMoveOutcome.AlreadyMoved), (moved.Outcome, again.Outcome));
        Assert.True(faults.Matched >= 2, "the first send failed, so a second one must have been made");
        var events = await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, Subject(pipeline), expected: 2, TimeSpan.FromSeconds(4));
        Assert.Equal(["champion.1"], events.Select(e => e.GetProperty("id").GetString()));
        Assert.True(await Registry.IsAnnouncedAsync(pipeline, ModelRegistry.Champion, 1));
    }

    [Fact]
    public async Task I13_4_an_event_the_queue_refused_every_time_stays_pending_and_the_next_call_on_the_alias_sends_it_once()
    {
        var pipeline = Samples.UniquePipelineName("ev");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, 2);
        var faults = new FailingRequests(FailingRequests.EventSend, times: 3);
        var governance = new ModelGovernance(Registry, new ModelEventPublisher(() => faults.Queues(storage.ConnectionString), NullLogger<ModelEventPublisher>.Instance));

        var moved = await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");
        Assert.Equal(AliasMoveOutcome.Moved, moved.Outcome);
        Assert.False(await Registry.IsAnnouncedAsync(pipeline, ModelRegistry.Champion, 1));
        var next = await governance.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");

        Assert.Equal(AliasMoveOutcome.Moved, next.Outcome);
        var events = await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, Subject(pipeline), expected: 3, TimeSpan.FromSeconds(4));
        Assert.Equal(["champion.1", "champion.2"], events.Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task I13_4_ensuring_the_same_move_audited_from_eight_callers_at_once_writes_one_line()
    {
        var pipeline = Samples.UniquePipelineName("au");
        var v1 = (await RegistrySeed.PublishManyAsync(Registry, pipeline, 1))[0];
        var record = new AliasRecord(1, 1, null, v1.ModelSha256, RegistrySeed.At, "run-1", "alice", "first", AuditActions.Promote);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Registry.EnsureAuditedAsync(pipeline, ModelRegistry.Champion, record)));

        Assert.Single(await Registry.ReadAuditAsync(pipeline));
    }

    [Fact]
    public async Task I19_4_version_summaries_say_which_champion_each_version_was_compared_with_and_which_never_moved_an_alias()
    {
        var pipeline = Samples.UniquePipelineName("sum");
        await RegistrySeed.PublishAsync(Registry, pipeline, "run-1");
        await RegistrySeed.PublishAsync(Registry, pipeline, "run-2", comparedWith: 1);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 1, "alice", "first");

        var summaries = await Registry.ListVersionSummariesAsync(pipeline);

        Assert.Equal(new (int?, bool)[] { (null, true), (1, false) }, summaries.Select(s => (s.ComparedWith, s.EverMoved)));
    }

    [Fact]
    public async Task I13_12_publish_attempts_of_one_run_at_once_create_one_version()
    {
        var pipeline = Samples.UniquePipelineName("pub");
        var zip = BinaryData.FromString("model of run-a");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Registry.PublishVersionAsync(RegistrySeed.Manifest(pipeline, "run-a", zip), zip)));

        Assert.Equal([1], await Registry.ListVersionsAsync(pipeline));
        Assert.All(attempts, a => Assert.Equal(1, a.Version));
    }

    private ModelGovernance Governance(ModelRegistry registry) =>
        new(registry, new ModelEventPublisher(() => new Azure.Storage.Queues.QueueServiceClient(storage.ConnectionString), NullLogger<ModelEventPublisher>.Instance));

    /// <summary>
    /// Versions 1..n (or more), each of the first n promoted in turn with its event, so the champion is vn at generation n
    /// with vn-1 as previous; the seeding's events are taken off the queue.
    /// </summary>
    private async Task SeedChampionsAsync(string pipeline, int n, int? versions = null)
    {
        await RegistrySeed.PublishManyAsync(Registry, pipeline, versions ?? n);
        var governance = Governance(Registry);
        for (var v = 1; v <= n; v++)
        {
            await governance.PromoteAsync(pipeline, ModelRegistry.Champion, v, "alice", $"v{v}");
        }

        Assert.Equal(n, (await ModelEventsQueue.ReceiveAsync(storage.ConnectionString, Subject(pipeline), n, TimeSpan.FromSeconds(10))).Count);
    }

    private static string Subject(string pipeline) => $"{pipeline}/aliases/{ModelRegistry.Champion}";

    private static async Task<(int Status, JsonElement Json)> CallAsync(Func<HttpContext, Task<IResult>> route, string body, string? ifMatch = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.ContentType = "application/json";
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        await (await route(context)).ExecuteAsync(context);
        return (context.Response.StatusCode, JsonDocument.Parse(response.ToArray()).RootElement.Clone());
    }
}
