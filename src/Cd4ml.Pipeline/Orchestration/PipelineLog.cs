using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>Log messages of the pipeline orchestration, with fixed event ids.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Run {RunId} of {Pipeline} started on {Dataset}")]
    public static partial void RunStarted(ILogger logger, string runId, string pipeline, string dataset);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Run {RunId} finished: {Outcome}. {Message}")]
    public static partial void RunCompleted(ILogger logger, string runId, string outcome, string message);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Run {RunId} failed in {Activity}: {Error}")]
    public static partial void RunFailed(ILogger logger, string runId, string activity, string error);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Started run {RunId} for {Dataset}")]
    public static partial void RunScheduled(ILogger logger, string runId, string dataset);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Run {RunId} for {Dataset} was already {State}; nothing started")]
    public static partial void RunDeduplicated(ILogger logger, string runId, string dataset, string state);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Dataset {Blob} ignored: {Reason}")]
    public static partial void DatasetIgnored(ILogger logger, string blob, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Scheduled run of {Pipeline} skipped: {Reason}")]
    public static partial void ScheduledPipelineSkipped(ILogger logger, string pipeline, string reason);
}
