namespace Cd4ml.Pipeline.Triggers;

/// <summary>One evaluation of the schedules.</summary>
/// <param name="Source">What fired: <c>timer</c> (Functions), <c>scheduler</c> (<c>cd4ml serve</c>), <c>cli</c>.</param>
/// <param name="Now">The time of the evaluation.</param>
/// <param name="Since">
/// Where the window starts for a pipeline that never fired: the previous timer tick, or the scheduler's start.
/// Null means such a pipeline is due now.
/// </param>
/// <param name="DefaultSchedule">The cron of pipelines without their own <c>schedule</c>; null leaves them to <paramref name="UnscheduledAreDue"/>.</param>
/// <param name="UnscheduledAreDue">
/// Pipelines without any schedule are due at every tick. True for the Functions timer, which fires on the global
/// <c>Cd4ml:Schedule</c> itself; false for the local scheduler.
/// </param>
/// <param name="Force">Treat every selected pipeline as due and changed: no "unchanged" skip.</param>
/// <param name="Pipelines">Only these pipelines; null for all.</param>
public sealed record ScheduleTick(
    string Source,
    DateTimeOffset Now,
    DateTimeOffset? Since = null,
    string? DefaultSchedule = null,
    bool UnscheduledAreDue = false,
    bool Force = false,
    IReadOnlyCollection<string>? Pipelines = null);
