using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>Log messages of the webhook triggers, with fixed event ids (1400-1499).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "{Provider} webhook refused ({Status}): {Reason}")]
    public static partial void Refused(ILogger logger, string provider, int status, string reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "{Provider} delivery {DeliveryId} ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string provider, string deliveryId, string reason);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "{Provider} delivery {DeliveryId} was already received ({Status}); nothing started")]
    public static partial void Duplicate(ILogger logger, string provider, string deliveryId, string status);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "{Provider} delivery {DeliveryId}: {Pipeline} {Status} {RunId} ({Reason})")]
    public static partial void PipelineHandled(ILogger logger, string provider, string deliveryId, string pipeline, string status, string? runId, string reason);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Stored the spec of {Pipeline} from {Repository} at {Commit}")]
    public static partial void SpecPushed(ILogger logger, string pipeline, string repository, string commit);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "{Provider} delivery {DeliveryId} failed; its claim is released so a redelivery can retry")]
    public static partial void Failed(ILogger logger, Exception exception, string provider, string deliveryId);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "{Provider} delivery {DeliveryId} refused (403): repository {Repository} (commit {Commit}) is not in Cd4ml:Webhooks:Repositories")]
    public static partial void RepositoryRefused(ILogger logger, string provider, string deliveryId, string repository, string commit);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Warning, Message = "The spec of {Pipeline} was not replaced by {Repository} at {Commit}: {Reason}")]
    public static partial void SpecNotReplaced(ILogger logger, string pipeline, string repository, string commit, string reason);
}
