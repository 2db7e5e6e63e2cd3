using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Registry;

/// <summary>
/// Who is waiting to promote in a pipeline, so runs that race for the promotion lock publish in the order their
/// datasets arrived: each waiting run keeps a ticket blob (<c>models/{pipeline}/promoting/{runId}.json</c>, its
/// dataset's arrival time in the metadata) fresh while it waits, and a run that got the lock steps back while a live
/// ticket of an earlier dataset exists. A ticket not refreshed for <see cref="StaleAfter"/> belongs to a run that died
/// and is ignored, so a crash never blocks the pipeline.
/// </summary>
public sealed class PromotionQueue(BlobServiceClient service, TimeProvider? time = null)
{
    /// <summary>How often a waiting run rewrites its ticket.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>A ticket older than this is a dead run's.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(45);

    private const string ArrivedAtKey = "arrivedat";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private BlobContainerClient Models => service.GetBlobContainerClient(Containers.Models);

    public static string TicketBlob(string pipeline, string runId) => $"{TicketFolder(pipeline)}{runId}.json";

    private static string TicketFolder(string pipeline) => $"{pipeline}/promoting/";

    /// <summary>Writes this run's ticket and keeps it fresh until the returned handle is disposed, which deletes it.</summary>
    public async Task<IAsyncDisposable> JoinAsync(string pipeline, string runId, DateTimeOffset? arrivedAt, CancellationToken ct = default)
    {
        var blob = Models.GetBlobClient(TicketBlob(pipeline, runId));
        var metadata = new Dictionary<string, string> { [ArrivedAtKey] = OrderKey(arrivedAt).ToString(CultureInfo.InvariantCulture) };
        await WriteAsync(blob, metadata, ct).ConfigureAwait(false);
        return new Ticket(blob, metadata);
    }

    /// <summary>
    /// The runs with a live ticket whose dataset arrived before this run's (ties broken by run id), oldest first:
    /// the ones this run should let publish first.
    /// </summary>
    public async Task<IReadOnlyList<string>> AheadOfAsync(string pipeline, string runId, DateTimeOffset? arrivedAt, CancellationToken ct = default)
    {
        var mine = (OrderKey(arrivedAt), runId);
        var freshSince = _time.GetUtcNow() - StaleAfter;
        var ahead = new List<(long Key, string RunId)>();
        await foreach (var item in Models.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, TicketFolder(pipeline), ct).ConfigureAwait(false))
        {
            var other = Path.GetFileNameWithoutExtension(item.Name);
            if (other == runId || item.Properties.LastModified is not { } written || written < freshSince
                || !item.Metadata.TryGetValue(ArrivedAtKey, out var text) || !long.TryParse(text, CultureInfo.InvariantCulture, out var key))
            {
                continue;
            }

            if (Compare((key, other), mine) < 0)
            {
                ahead.Add((key, other));
            }
        }

        ahead.Sort(Compare);
        return [.. ahead.Select(a => a.RunId)];
    }

    // Runs without a recorded arrival (started before it was recorded) go after every run that has one.
    private static long OrderKey(DateTimeOffset? arrivedAt) => arrivedAt?.UtcTicks ?? long.MaxValue;

    private static int Compare((long Key, string RunId) a, (long Key, string RunId) b)
    {
        var byTime = a.Key.CompareTo(b.Key);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.RunId, b.RunId);
    }

    private static Task WriteAsync(BlobClient blob, Dictionary<string, string> metadata, CancellationToken ct) =>
        blob.UploadAsync(BinaryData.FromString("{}"), new BlobUploadOptions { Metadata = metadata }, ct);

    private sealed class Ticket : IAsyncDisposable
    {
        private readonly BlobClient _blob;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _heartbeat;

        public Ticket(BlobClient blob, Dictionary<string, string> metadata)
        {
            _blob = blob;
            _heartbeat = BeatAsync(metadata);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _heartbeat.ConfigureAwait(false);
            _stop.Dispose();
            try
            {
                await _blob.DeleteIfExistsAsync().ConfigureAwait(false);
            }
            catch (RequestFailedException)
            {
                // A ticket left behind goes stale on its own; deleting it only saves others the wait.
            }
        }

        private async Task BeatAsync(Dictionary<string, string> metadata)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Heartbeat, _stop.Token).ConfigureAwait(false);
                    try
                    {
                        await WriteAsync(_blob, metadata, _stop.Token).ConfigureAwait(false);
                    }
                    catch (RequestFailedException)
                    {
                        // A missed beat is survivable: the ticket only goes stale after several.
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed: the run is done waiting.
            }
        }
    }
}
