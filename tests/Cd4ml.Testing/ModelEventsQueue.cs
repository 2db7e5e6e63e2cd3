using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Cd4ml.Pipeline.Events;

namespace Cd4ml.Testing;

/// <summary>Reads CloudEvents back from the shared <c>model-events</c> queue, picking out one test's by subject.</summary>
public static class ModelEventsQueue
{
    /// <summary>
    /// Waits for the events whose subject is <paramref name="subject"/> and returns them (parsed), deleting them from the
    /// queue. Other tests' messages are only hidden for a second, so parallel test runs still find theirs.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> ReceiveAsync(string connectionString, string subject, int expected, TimeSpan timeout)
    {
        var queue = new QueueServiceClient(connectionString).GetQueueClient(ModelEventPublisher.QueueName);
        await queue.CreateIfNotExistsAsync().ConfigureAwait(false);
        var found = new List<JsonElement>();
        using var limit = new CancellationTokenSource(timeout);
        while (found.Count < expected && !limit.IsCancellationRequested)
        {
            var batch = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            foreach (var message in batch.Value)
            {
                var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText))).RootElement.Clone();
                if (json.TryGetProperty("subject", out var s) && s.GetString() == subject)
                {
                    found.Add(json);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt).ConfigureAwait(false);
                }
            }

            if (found.Count < expected)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }

        return found;
    }
}
