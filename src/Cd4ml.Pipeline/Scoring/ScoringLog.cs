using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>Log messages of batch and online scoring, with fixed event ids (1700-1799).</summary>
internal static partial class ScoringLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Scoring file {Blob} ({ETag}): {Status} {InstanceId} {Reason}")]
    public static partial void FileHandled(ILogger logger, string blob, string etag, string status, string? instanceId, string? reason);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Scoring file {Blob} ({ETag}) could not be handled (attempt {Attempt} of {MaxAttempts})")]
    public static partial void FileFailed(ILogger logger, Exception exception, string blob, string etag, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "Scoring poll failed; next poll in {Interval}")]
    public static partial void PollFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 1710, Level = LogLevel.Error, Message = "Online sample {Blob} of {Pipeline} ({Rows} rows) was not kept")]
    public static partial void SampleFailed(ILogger logger, Exception exception, string pipeline, string blob, int rows);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Warning, Message = "Online sample of {Pipeline} ({Rows} rows) was not kept: {Pending} sample writes already in flight")]
    public static partial void SampleSkipped(ILogger logger, string pipeline, int rows, int pending);
}
