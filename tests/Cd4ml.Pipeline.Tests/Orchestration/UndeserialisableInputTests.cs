using System.Diagnostics;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Pipeline.Tests.Orchestration;

/// <summary>
/// RELIABILITY 10: input that cannot be deserialised (a contract changed under an in-flight run, a hand-started
/// instance) fails in one bounded attempt with a reason naming the problem, instead of being retried or redelivered.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UndeserialisableInputTests(AzuriteFixture storage)
{
    private const string Probe = "R10UndeserialisableSnapshotInput";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>The first retry interval of <see cref="ActivityRetry.Transient"/>.</summary>
    private static readonly TimeSpan FirstRetryInterval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task R10_an_activity_given_undeserialisable_input_fails_once_under_the_pipeline_retry_policy_naming_the_problem()
    {
        await using var host = await PipelineTestHost.StartAsync(storage, moreTasks: tasks => tasks.AddOrchestratorFunc<string, string>(Probe, async (context, _) =>
        {
            // The shape of SnapshotInput with the wrong types: "Pipeline" a number, "Dataset" a string.
            var malformed = new Dictionary<string, object> { ["Pipeline"] = 42, ["Dataset"] = "datasets/x.csv" };
            var asked = context.CurrentUtcDateTime;
            try
            {
                await context.CallActivityAsync<SnapshotOutput>(nameof(SnapshotDropActivity), malformed, ActivityRetry.Transient).ConfigureAwait(true);
            }
            finally
            {
                context.SetCustomStatus((context.CurrentUtcDateTime - asked).ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            }

            return "unreachable";
        }));

        var id = $"r10-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(Probe, "start", new StartOrchestrationOptions(id));
        using var limit = new CancellationTokenSource(Bound);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);
        clock.Stop();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = done.FailureDetails!;
        var cause = failure.InnerFailure ?? failure;
        Assert.True(cause.IsCausedBy<System.Text.Json.JsonException>(), $"{cause.ErrorType}: {cause.ErrorMessage}");
        Assert.Contains("SnapshotInput", cause.ErrorMessage, StringComparison.Ordinal);
        // The pipeline's policy is asked about this very failure: not transient, so the first attempt is the only one.
        Assert.False(ActivityRetry.IsTransient(cause), "the pipeline's retry policy would retry undeserialisable input");

        // A retry waits a durable timer of at least the first retry interval: orchestration time shows whether one ran.
        var waited = TimeSpan.Parse(done.ReadCustomStatusAs<string>() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(waited < FirstRetryInterval, $"the failure surfaced after {waited} of orchestration time: it was retried");
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task R10_a_pipeline_run_started_with_undeserialisable_input_fails_at_once_naming_the_problem()
    {
        await using var host = await PipelineTestHost.StartAsync(storage);

        var clock = Stopwatch.StartNew();
        // A JSON string where the run request object belongs.
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TrainingPipeline), "{ not a run request");
        using var limit = new CancellationTokenSource(Bound);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);
        clock.Stop();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = done.FailureDetails!;
        Assert.True(failure.IsCausedBy<System.Text.Json.JsonException>(), $"{failure.ErrorType}: {failure.ErrorMessage}");
        Assert.Contains("PipelineRunRequest", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }
}
