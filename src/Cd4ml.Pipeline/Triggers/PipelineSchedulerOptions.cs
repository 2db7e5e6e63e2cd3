namespace Cd4ml.Pipeline.Triggers;

/// <summary><c>Cd4ml:Scheduler</c>: the local host's (<c>cd4ml serve</c>) schedule checks.</summary>
public sealed class PipelineSchedulerOptions
{
    public const string Section = "Cd4ml:Scheduler";

    /// <summary>How often schedules are checked; a pipeline fires at the first check at or after its cron time.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cron of pipelines whose spec has no <c>schedule</c>; taken from <c>Cd4ml:Schedule</c> (the Functions timer's
    /// setting) unless set here. Unset: such pipelines are not scheduled locally.
    /// </summary>
    public string? DefaultSchedule { get; set; }
}
