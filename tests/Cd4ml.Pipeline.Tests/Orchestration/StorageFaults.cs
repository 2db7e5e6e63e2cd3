using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Tests.Orchestration;

/// <summary>
/// Faults on the pipeline's own storage client, just before the transport: a dropped connection (an
/// <see cref="IOException"/>, as a reset socket gives) or a real 403 from Azurite (the request's signature is spoiled).
/// Only GETs of one blob are touched; everything else reaches Azurite unchanged.
/// </summary>
public sealed class StorageFaults(string container, string blobName) : HttpPipelinePolicy
{
    /// <summary>Attempts of one call by Azure.Core before it gives up (with an <see cref="AggregateException"/> for dropped connections).</summary>
    public const int SdkAttempts = 4;

    private int _gets;

    /// <summary>How many of the first GETs of the blob fail with a dropped connection.</summary>
    public int DropFirst { get; init; }

    /// <summary>Every GET of the blob is answered 403 by storage itself.</summary>
    public bool Forbid { get; init; }

    /// <summary>GETs of the blob that reached this policy (each SDK attempt counts).</summary>
    public int Gets => Volatile.Read(ref _gets);

    /// <summary>Adds the faults to the pipeline's <see cref="BlobServiceClient"/>: the SDK tries <see cref="SdkAttempts"/> times, with short delays.</summary>
    public void Register(IServiceCollection services) => services.ConfigureAll<BlobClientOptions>(options =>
    {
        options.AddPolicy(this, HttpPipelinePosition.BeforeTransport);
        options.Retry.MaxRetries = SdkAttempts - 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
    });

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Apply(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Apply(message);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    private void Apply(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request.Method != RequestMethod.Get || !message.Request.Uri.Path.EndsWith($"/{container}/{blobName}", StringComparison.Ordinal))
        {
            return;
        }

        var attempt = Interlocked.Increment(ref _gets);
        if (attempt <= DropFirst)
        {
            throw new IOException($"Unable to read data from the transport connection: Connection reset by peer (injected, attempt {attempt}).");
        }

        if (Forbid)
        {
            message.Request.Headers.SetValue("Authorization", "SharedKey devstoreaccount1:" + Convert.ToBase64String(new byte[32]));
        }
    }
}
