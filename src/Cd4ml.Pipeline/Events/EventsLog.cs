using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Events;

/// <summary>Log messages of model event publishing, with fixed event ids.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Sent {Type} {Id} for {Subject} to queue {Queue}")]
    public static partial void Sent(ILogger logger, string type, string id, string subject, string queue);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error,
        Message = "Could not send {Type} {Id} for {Subject} to queue {Queue}; the alias has moved regardless (it is the source of truth)")]
    public static partial void SendFailed(ILogger logger, Exception exception, string type, string id, string subject, string queue);
}
