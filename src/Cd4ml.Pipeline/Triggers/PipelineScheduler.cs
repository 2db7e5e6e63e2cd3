using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>
/// The local host's schedule (the Functions app has its timer): every <see cref="PipelineSchedulerOptions.Interval"/>
/// it evaluates the pipelines' cron schedules with <see cref="ScheduledRetrainingHandler"/>. Time comes from
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock. A pipeline that never fired counts from the
/// scheduler's start, so starting <c>cd4ml serve</c> does not retrain everything at once.
/// </summary>
public sealed class PipelineScheduler(
    ScheduledRetrainingHandler handler,
    DurableTaskClient client,
    IOptions<PipelineSchedulerOptions> options,
    TimeProvider time,
    ILogger<PipelineScheduler> logger) : BackgroundService
{
    private int _evaluations;

    /// <summary>Completed evaluations; lets a test wait for the scheduler to act on a clock it advanced.</summary>
    internal int Evaluations => Volatile.Read(ref _evaluations);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var startedAt = time.GetUtcNow();
        TriggerLog.SchedulerStarted(logger, settings.Interval, settings.DefaultSchedule ?? "none");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                var tick = new ScheduleTick("scheduler", time.GetUtcNow(), Since: startedAt, DefaultSchedule: settings.DefaultSchedule);
                await handler.RunDueAsync(client, tick, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                TriggerLog.ScheduleFailed(logger, ex, settings.Interval);
            }

            Interlocked.Increment(ref _evaluations);
        }
    }
}
