using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Log messages of the activities, with fixed event ids.</summary>
internal static partial class ActivityLog
{
    [LoggerMessage(EventId = 1650, Level = LogLevel.Warning, Message = "Edge export of {Candidate} in run {RunId}: {NativeMessage}")]
    public static partial void OnnxRuntimeMessage(ILogger logger, string candidate, string runId, string nativeMessage);
}
