using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Functions.Triggers;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Tests;

/// <summary>The retraining timer, called as the Functions host calls it when the schedule fires.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScheduledRetrainingFunctionTests
{
    [Fact]
    public async Task Schedule_runs_each_stored_pipeline_that_has_data_once_and_then_skips_it_as_unchanged()
    {
        // The schedule runs every pipeline of the account; on the shared Azurite it would start other tests' runs.
        using var storage = PrivateAzurite.Start();
        await using var host = await FunctionsTestHost.StartAsync(storage);
        var withData = Samples.UniquePipelineName();
        var withoutData = Samples.UniquePipelineName();
        await PipelineStorage.PushSpecAsync(storage, withData);
        await PipelineStorage.PushSpecAsync(storage, withoutData);
        var blobName = await PipelineStorage.DropDatasetAsync(storage, withData, RepoPaths.CreditBatch1, "batch-1.csv");
        var function = host.Function<ScheduledRetrainingFunction>();

        var first = await function.ScheduledRetraining(new TimerInfo(), host.Client, CancellationToken.None);

        var started = Assert.Single(first, r => r.Pipeline == withData);
        Assert.Equal(ScheduledRunStatus.Started, started.Status);
        Assert.Equal($"{Containers.Datasets}/{blobName}", started.Dataset);
        // A pipeline without data is reported, not silently passed over.
        Assert.Equal(ScheduledRunStatus.NoDataset, Assert.Single(first, r => r.Pipeline == withoutData).Status);
        var completed = await host.Client.WaitForInstanceCompletionAsync(started.RunId!, getInputsAndOutputs: true, Timeout());
        Assert.True(completed.RuntimeStatus == OrchestrationRuntimeStatus.Completed, completed.FailureDetails?.ToString());
        var record = completed.ReadOutputAs<RunRecord>()!;
        Assert.Equal(RunOutcome.Promoted, record.Outcome);
        Assert.Equal(new RunTrigger("schedule", "timer"), record.Trigger);

        // Nothing changed since: the next tick retrains nothing and says why.
        var second = await function.ScheduledRetraining(new TimerInfo(), host.Client, CancellationToken.None);
        var unchanged = Assert.Single(second, r => r.Pipeline == withData);
        Assert.Equal(ScheduledRunStatus.Unchanged, unchanged.Status);
        Assert.Equal(started.RunId, unchanged.RunId);
        Assert.Contains("unchanged since run", unchanged.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_previous_tick_of_the_schedule_monitor_starts_the_window_and_its_absence_means_due()
    {
        var last = new DateTime(2025, 3, 1, 3, 0, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTimeOffset(last), ScheduledRetrainingFunction.LastTick(new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = last } }));
        Assert.Null(ScheduledRetrainingFunction.LastTick(new TimerInfo()));
        Assert.Null(ScheduledRetrainingFunction.LastTick(new TimerInfo { ScheduleStatus = new ScheduleStatus() }));
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
}
