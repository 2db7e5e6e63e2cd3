using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>Log messages of the local host's poller and scheduler and of the schedule handler, with fixed event ids (1500-1599).</summary>
internal static partial class TriggerLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Dataset poller watching {Container} every {Interval}, {Concurrency} at a time")]
    public static partial void PollerStarted(ILogger logger, string container, TimeSpan interval, int concurrency);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Dataset {Blob} ({ETag}): {Status} {RunId} {Reason}")]
    public static partial void DatasetHandled(ILogger logger, string blob, string etag, string status, string? runId, string? reason);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Dataset {Blob} ({ETag}) could not be handled (attempt {Attempt} of {MaxAttempts})")]
    public static partial void DatasetFailed(ILogger logger, Exception exception, string blob, string etag, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Error, Message = "Dataset poll failed; next poll in {Interval}")]
    public static partial void PollFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Scheduler checking pipeline schedules every {Interval} (default schedule: {DefaultSchedule})")]
    public static partial void SchedulerStarted(ILogger logger, TimeSpan interval, string defaultSchedule);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Scheduled {Pipeline}: {Status} {RunId} {Reason}")]
    public static partial void Scheduled(ILogger logger, string pipeline, string status, string? runId, string? reason);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Schedule check failed; next check in {Interval}")]
    public static partial void ScheduleFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Dataset {Blob} ({ETag}) has a receipt for run {RunId}, but that run is neither in the task hub nor finished; handling the drop again")]
    public static partial void LostRunRestarted(ILogger logger, string blob, string etag, string runId);
}
