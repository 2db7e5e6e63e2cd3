using System.Text;
using Azure;
using Azure.Storage.Queues;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Events;

/// <summary>
/// Sends model events to the storage queue <c>model-events</c>. An event follows a move that already happened, so
/// sending never throws: a failure is logged and the caller goes on (the alias blob is the source of truth, and
/// the audit log has the same facts).
/// </summary>
/// <param name="queues">Resolves the host's queue client on first use, so a storage setting without a queue endpoint
/// costs the events, not the start-up or the promotion.</param>
/// <param name="logger">Where sends and failures are logged.</param>
public sealed class ModelEventPublisher(Func<QueueServiceClient> queues, ILogger<ModelEventPublisher> logger)
{
    public const string QueueName = "model-events";

    private QueueClient? _queue;

    /// <summary>Sends a <c>cd4ml.model.alias.moved</c> event; returns false (after logging why) when it could not be sent.</summary>
    public Task<bool> PublishAliasMovedAsync(string pipeline, string alias, string action, AliasRecord record, CancellationToken ct = default) =>
        SendAsync(AliasMovedEvent.Create(pipeline, alias, action, record), ct);

    /// <summary>Sends a <c>cd4ml.model.degraded</c> event for an incident; returns false (after logging why) when it could not be sent.</summary>
    public Task<bool> PublishDegradedAsync(Cd4ml.Core.Monitoring.Incident incident, CancellationToken ct = default) =>
        SendAsync(ModelDegradedEvent.Create(incident), ct);

    private async Task<bool> SendAsync(Azure.Messaging.CloudEvent cloudEvent, CancellationToken ct)
    {
        // Base64 text is what the Functions queue trigger decodes by default, so a Functions app can consume these unchanged.
        var message = Convert.ToBase64String(Encoding.UTF8.GetBytes(AliasMovedEvent.ToJson(cloudEvent)));
        try
        {
            var queue = _queue ??= queues().GetQueueClient(QueueName);
            try
            {
                await queue.SendMessageAsync(message, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
            {
                // First event of a new account (Bicep creates the queue in Azure; Azurite starts empty).
                await queue.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                await queue.SendMessageAsync(message, ct).ConfigureAwait(false);
            }

            EventsLog.Sent(logger, cloudEvent.Type, cloudEvent.Id, cloudEvent.Subject!, QueueName);
            return true;
        }
#pragma warning disable CA1031 // Whatever went wrong (settings, network, permissions), the promotion already happened and must stand.
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            EventsLog.SendFailed(logger, ex, cloudEvent.Type, cloudEvent.Id, cloudEvent.Subject!, QueueName);
            return false;
        }
    }
}
