using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests;

/// <summary>The tickets runs keep while they wait to promote, which decide who goes first: the earliest dataset.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PromotionQueueTests(AzuriteFixture storage)
{
    private static readonly DateTimeOffset s_monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Runs_of_earlier_datasets_are_ahead_oldest_first_and_later_ones_are_not()
    {
        var queue = new PromotionQueue(storage.Client);
        var pipeline = Samples.UniquePipelineName("pq");
        await using var late = await queue.JoinAsync(pipeline, "run-late", s_monday.AddMinutes(5));
        await using var early = await queue.JoinAsync(pipeline, "run-early", s_monday);
        await using var middle = await queue.JoinAsync(pipeline, "run-middle", s_monday.AddMinutes(2));

        Assert.Equal(["run-early", "run-middle"], await queue.AheadOfAsync(pipeline, "run-late", s_monday.AddMinutes(5)));
        Assert.Empty(await queue.AheadOfAsync(pipeline, "run-early", s_monday));
        Assert.Empty(await queue.AheadOfAsync(Samples.UniquePipelineName("pq"), "run-late", s_monday.AddMinutes(5)));
    }

    [Fact]
    public async Task Same_arrival_is_ordered_by_run_id_and_unknown_arrival_goes_last()
    {
        var queue = new PromotionQueue(storage.Client);
        var pipeline = Samples.UniquePipelineName("pq");
        await using var b = await queue.JoinAsync(pipeline, "run-b", s_monday);
        await using var a = await queue.JoinAsync(pipeline, "run-a", s_monday);
        await using var old = await queue.JoinAsync(pipeline, "run-0-unrecorded", null);

        Assert.Equal(["run-a"], await queue.AheadOfAsync(pipeline, "run-b", s_monday));
        Assert.Equal(["run-a", "run-b"], await queue.AheadOfAsync(pipeline, "run-0-unrecorded", null));
    }

    [Fact]
    public async Task A_ticket_is_deleted_when_its_run_is_done_and_ignored_once_stale()
    {
        var pipeline = Samples.UniquePipelineName("pq");
        var queue = new PromotionQueue(storage.Client);
        var done = await queue.JoinAsync(pipeline, "run-done", s_monday);
        await done.DisposeAsync();
        Assert.Empty(await queue.AheadOfAsync(pipeline, "run-next", s_monday.AddHours(1)));
        Assert.False(await storage.Client.GetBlobContainerClient(Containers.Models).GetBlobClient(PromotionQueue.TicketBlob(pipeline, "run-done")).ExistsAsync());

        // A run that died left its ticket; seen from a clock past the staleness limit, it no longer holds anyone back.
        await using var dead = await queue.JoinAsync(pipeline, "run-dead", s_monday);
        var later = new PromotionQueue(storage.Client, new ShiftedTime(PromotionQueue.StaleAfter + TimeSpan.FromSeconds(5)));
        Assert.Equal(["run-dead"], await queue.AheadOfAsync(pipeline, "run-next", s_monday.AddHours(1)));
        Assert.Empty(await later.AheadOfAsync(pipeline, "run-next", s_monday.AddHours(1)));
    }

    private sealed class ShiftedTime(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }
}
