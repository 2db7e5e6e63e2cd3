using Cd4ml.Cli.Hosting.Durable;
using Xunit;

namespace Cd4ml.Cli.Tests;

public sealed class ActivitySlotsTests
{
    private sealed record Item(string Id);

    private static Task<Item?> Fetch(string id) => Task.FromResult<Item?>(new Item(id));

    [Fact]
    public async Task A_full_process_takes_the_next_work_item_as_soon_as_one_finishes()
    {
        var slots = new ActivitySlots(1);
        var first = await slots.TakeAsync(() => Fetch("a"), i => i.Id, CancellationToken.None);
        Assert.Equal("a", first!.Id);

        var second = slots.TakeAsync(() => Fetch("b"), i => i.Id, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted, "a second work item was taken while the only slot was busy");

        slots.Release("a");
        var taken = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("b", taken!.Id);
    }

    [Fact]
    public async Task A_fetch_that_brings_nothing_gives_its_slot_back()
    {
        var slots = new ActivitySlots(1);
        Assert.Null(await slots.TakeAsync(() => Task.FromResult<Item?>(null), i => i.Id, CancellationToken.None));
        var next = await slots.TakeAsync(() => Fetch("a"), i => i.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("a", next!.Id);
    }

    [Fact]
    public async Task A_failed_fetch_gives_its_slot_back()
    {
        var slots = new ActivitySlots(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => slots.TakeAsync<Item>(() => throw new InvalidOperationException("storage down"), i => i.Id, CancellationToken.None));
        var next = await slots.TakeAsync(() => Fetch("a"), i => i.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("a", next!.Id);
    }

    [Fact]
    public async Task Releasing_a_work_item_twice_frees_one_slot()
    {
        var slots = new ActivitySlots(2);
        await slots.TakeAsync(() => Fetch("a"), i => i.Id, CancellationToken.None);
        await slots.TakeAsync(() => Fetch("b"), i => i.Id, CancellationToken.None);
        slots.Release("a");
        slots.Release("a"); // completed, then abandoned by a confused caller: still one slot

        await slots.TakeAsync(() => Fetch("c"), i => i.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var fourth = slots.TakeAsync(() => Fetch("d"), i => i.Id, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(fourth.IsCompleted, "releasing one work item twice freed two slots");
    }

    [Fact]
    public async Task Waiting_for_a_slot_ends_when_the_process_stops()
    {
        var slots = new ActivitySlots(1);
        await slots.TakeAsync(() => Fetch("a"), i => i.Id, CancellationToken.None);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slots.TakeAsync(() => Fetch("b"), i => i.Id, stop.Token));
    }
}
