using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Cd4ml.Testing;

/// <summary>
/// Fails the first <c>times</c> storage requests that match, as a real outage would answer them (503 Server Busy), and
/// lets every other request through to the real Azurite. Added per call, before the SDK's own retries, so each failure
/// reaches the caller exactly once.
/// </summary>
public sealed class FailingRequests(Func<HttpMessage, bool> matches, int times) : HttpPipelinePolicy
{
    private readonly TaskCompletionSource _firstFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _left = times;
    private int _matched;

    /// <summary>How many matching requests were seen (failed or not).</summary>
    public int Matched => Volatile.Read(ref _matched);

    /// <summary>Completes when the first injected failure was thrown.</summary>
    public Task FirstFailure => _firstFailure.Task;

    /// <summary>An append to a pipeline's audit log (<c>audit.log?comp=appendblock</c>).</summary>
    public static bool AuditAppend(HttpMessage message) =>
        message.Request.Method == RequestMethod.Put
        && message.Request.Uri.Path.EndsWith("/audit.log", StringComparison.Ordinal)
        && message.Request.Uri.Query.Contains("comp=appendblock", StringComparison.Ordinal);

    /// <summary>A message sent to the model events queue.</summary>
    public static bool EventSend(HttpMessage message) =>
        message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/model-events/messages", StringComparison.Ordinal);

    /// <summary>A blob client on <paramref name="connectionString"/> with this fault injected.</summary>
    public BlobServiceClient Blobs(string connectionString)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new BlobServiceClient(connectionString, options);
    }

    /// <summary>A queue client on <paramref name="connectionString"/> with this fault injected.</summary>
    public QueueServiceClient Queues(string connectionString)
    {
        var options = new QueueClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return new QueueServiceClient(connectionString, options);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        FailIfDue(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        FailIfDue(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void FailIfDue(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!matches(message))
        {
            return;
        }

        Interlocked.Increment(ref _matched);
        if (Interlocked.Decrement(ref _left) >= 0)
        {
            _firstFailure.TrySetResult();
            // The same shape as the SDK's own error, so retry policies classify it as a transient fault.
            throw new RequestFailedException(503, $"Service request failed.\nStatus: 503 (Server Busy)\nInjected fault on {message.Request.Method} {message.Request.Uri.Path}");
        }
    }
}
