using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cd4ml.Pipeline.Tests.Triggers;

/// <summary>The local scheduler under a fake clock, against the real pipeline; the schedule acts on the whole account, so Azurite is private.</summary>
public sealed class PipelineSchedulerTests
{
    private static readonly DateTimeOffset s_start = new(2025, 3, 1, 2, 58, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset s_due = new(2025, 3, 1, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_pipeline_schedule_fires_at_its_cron_time_under_a_fake_clock_then_skips_while_nothing_changed()
    {
        using var storage = PrivateAzurite.Start();
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("sched");
        var unscheduled = Samples.UniquePipelineName("sched");
        await Blob(storage, Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline, schedule: "0 3 * * *")));
        await Blob(storage, Containers.Pipelines, $"{unscheduled}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(unscheduled)));
        await Blob(storage, Containers.Datasets, $"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset());
        await Blob(storage, Containers.Datasets, $"{unscheduled}/small.csv").UploadAsync(FastPipelines.Dataset());
        var clock = new FakeTimeProvider(s_start);
        var scheduler = new PipelineScheduler(host.Get<ScheduledRetrainingHandler>(), host.Client,
            Options.Create(new PipelineSchedulerOptions { Interval = TimeSpan.FromSeconds(30) }), clock, NullLogger<PipelineScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        var states = new ScheduleStates(storage.Client);

        try
        {
            // Before 03:00 the schedule is checked but nothing is due.
            while (clock.GetUtcNow() < s_due.AddSeconds(-30))
            {
                await EvaluationAsync(scheduler, clock);
                Assert.Empty(await InstancesAsync(host.Client));
            }

            while (await states.ReadAsync(pipeline) is null)
            {
                await EvaluationAsync(scheduler, clock);
                Assert.True(clock.GetUtcNow() < s_due.AddMinutes(2), "the schedule did not fire by 03:02");
            }

            var fired = (await states.ReadAsync(pipeline))!;
            Assert.InRange(fired.FiredAt, s_due, s_due.AddSeconds(31));
            Assert.Equal("started", fired.Status);
            var run = Assert.Single(await InstancesAsync(host.Client));
            Assert.Equal(fired.RunId, run.InstanceId);
            Assert.Null(await states.ReadAsync(unscheduled));
            var completed = await host.Client.WaitForInstanceCompletionAsync(run.InstanceId, getInputsAndOutputs: true, Timeout());
            var record = completed.ReadOutputAs<RunRecord>()!;
            Assert.Equal(RunOutcome.Promoted, record.Outcome);
            Assert.Equal("schedule", record.Trigger.Kind);
            Assert.Equal("scheduler", record.Trigger.Source);

            // The next day the schedule is due again, but data, spec and code are the same: skipped, and the skip is recorded.
            clock.Advance(TimeSpan.FromDays(1));
            await EvaluationAsync(scheduler, clock);
            var nextDay = (await states.ReadAsync(pipeline))!;
            Assert.Equal("unchanged", nextDay.Status);
            Assert.True(nextDay.FiredAt > s_due.AddDays(1));
            Assert.Single(await InstancesAsync(host.Client));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Run_due_records_why_each_pipeline_was_skipped_and_force_bypasses_the_unchanged_check()
    {
        using var storage = PrivateAzurite.Start();
        await using var host = await PipelineTestHost.StartAsync(storage);
        var pipeline = Samples.UniquePipelineName("sched");
        var empty = Samples.UniquePipelineName("sched");
        await Blob(storage, Containers.Pipelines, $"{pipeline}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(pipeline)));
        await Blob(storage, Containers.Pipelines, $"{empty}.json").UploadAsync(BinaryData.FromString(FastPipelines.SpecJson(empty)));
        await Blob(storage, Containers.Pipelines, "broken.json").UploadAsync(BinaryData.FromString("{\"name\": \"broken\"}"));
        await Blob(storage, Containers.Datasets, $"{pipeline}/small.csv").UploadAsync(FastPipelines.Dataset());
        var handler = host.Get<ScheduledRetrainingHandler>();
        var tick = new ScheduleTick("cli", DateTimeOffset.UtcNow, UnscheduledAreDue: true);

        var first = await handler.RunDueAsync(host.Client, tick);
        var started = Assert.Single(first, r => r.Pipeline == pipeline);
        Assert.Equal(ScheduledRunStatus.Started, started.Status);
        Assert.Equal(ScheduledRunStatus.NoDataset, Assert.Single(first, r => r.Pipeline == empty).Status);
        var broken = Assert.Single(first, r => r.Pipeline == "broken");
        Assert.Equal(ScheduledRunStatus.InvalidSpec, broken.Status);
        Assert.Contains("$.label", broken.Reason, StringComparison.Ordinal);
        await host.Client.WaitForInstanceCompletionAsync(started.RunId!, Timeout());

        var second = await handler.RunDueAsync(host.Client, tick with { Now = tick.Now.AddMinutes(1) });
        var unchanged = Assert.Single(second, r => r.Pipeline == pipeline);
        Assert.Equal(ScheduledRunStatus.Unchanged, unchanged.Status);
        Assert.Contains(ScheduledRetrainingHandler.CodeVersion, unchanged.Reason, StringComparison.Ordinal);

        // Forced: the unchanged check is skipped and the finished run is repeated under its own id.
        var forced = Assert.Single(await handler.RunDueAsync(host.Client, tick with { Force = true, Pipelines = [pipeline] }));
        Assert.Equal(ScheduledRunStatus.Started, forced.Status);
        Assert.Equal($"{started.RunId}-r2", forced.RunId);
        Assert.Equal(2, (await InstancesAsync(host.Client)).Count);
    }

    private static async Task EvaluationAsync(PipelineScheduler scheduler, FakeTimeProvider clock)
    {
        // Step the clock a second at a time until the scheduler has finished one more evaluation: no race with the
        // moment it registers its next delay.
        var before = scheduler.Evaluations;
        for (var step = 0; step < 600 && scheduler.Evaluations == before; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        var limit = DateTime.UtcNow.AddSeconds(30);
        while (scheduler.Evaluations == before && DateTime.UtcNow < limit)
        {
            await Task.Delay(20);
        }

        Assert.True(scheduler.Evaluations > before, "the scheduler did not evaluate");
    }

    private static Azure.Storage.Blobs.BlobClient Blob(AzuriteFixture storage, string container, string name) =>
        storage.Client.GetBlobContainerClient(container).GetBlobClient(name);

    private static async Task<List<OrchestrationMetadata>> InstancesAsync(DurableTaskClient client)
    {
        var instances = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            instances.Add(instance);
        }

        return instances;
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
