using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>
/// Keeps a sample of online requests for monitoring (input drift): each kept request's rows and predictions become
/// <c>monitoring/{pipeline}/online/{yyyy-MM-dd}/{HHmmssfff}-{requestId}.csv</c>. The write does not hold up the
/// response; a write that fails, or one not started because too many are in flight, is logged with the row count,
/// never dropped without a trace. <see cref="WhenIdleAsync"/> lets a host (or a test) wait for writes in flight.
/// </summary>
public sealed class OnlineSamples(BlobServiceClient service, IOptions<ScoringOptions> options, TimeProvider time, ILogger<OnlineSamples> logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _pending = [];

    /// <summary>Whether this request is in the sample (<see cref="ScoringOptions.OnlineSampleRate"/>).</summary>
    public bool Sampled() => options.Value.OnlineSampleRate >= 1 || (options.Value.OnlineSampleRate > 0 && Random.Shared.NextDouble() < options.Value.OnlineSampleRate);

    /// <summary>Starts writing a sample; returns its blob address, or null when it was not started (logged).</summary>
    public string? Keep(string pipeline, string requestId, string csv, int rows)
    {
        var blob = ScoringBlobs.OnlineSample(pipeline, time.GetUtcNow(), requestId);
        lock (_gate)
        {
            if (_pending.Count >= options.Value.MaxPendingSampleWrites)
            {
                ScoringLog.SampleSkipped(logger, pipeline, rows, _pending.Count);
                return null;
            }

            var write = WriteAsync(blob.Client(service), pipeline, csv, rows);
            _pending.Add(write);
            _ = write.ContinueWith(done =>
            {
                lock (_gate)
                {
                    _pending.Remove(done);
                }
            }, TaskScheduler.Default);
        }

        return blob.ToString();
    }

    /// <summary>Completes when every sample write started so far has finished.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_pending);
        }
    }

    private async Task WriteAsync(BlobClient blob, string pipeline, string csv, int rows)
    {
        await Task.Yield();
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(Encoding.UTF8.GetBytes(csv)), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ScoringLog.SampleFailed(logger, ex, pipeline, blob.Name, rows);
        }
    }
}
