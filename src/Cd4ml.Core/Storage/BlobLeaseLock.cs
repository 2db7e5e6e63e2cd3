using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Cd4ml.Core.Storage;

/// <summary>
/// A lock between processes made of a blob lease: acquired by waiting for the current holder, renewed while held,
/// released on dispose. A holder that dies without releasing loses the lock when the lease expires
/// (<see cref="LeaseDuration"/>), so nothing stays locked by a crash.
/// </summary>
public sealed class BlobLeaseLock : IAsyncDisposable
{
    /// <summary>How long a lease lasts without renewal: what a crashed holder costs the next one.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_renewEvery = TimeSpan.FromSeconds(10);

    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private BlobLeaseLock(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync();
    }

    /// <summary>
    /// Creates the lock blob if needed and takes its lease, waiting up to <paramref name="wait"/> for another holder.
    /// </summary>
    /// <exception cref="TimeoutException">Another holder kept the lease longer than <paramref name="wait"/>.</exception>
    public static async Task<BlobLeaseLock> AcquireAsync(BlobClient blob, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            await blob.UploadAsync(BinaryData.FromString("{}"),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // The lock blob exists (and may be leased right now): that is the usual case.
        }

        var lease = blob.GetBlobLeaseClient();
        var deadline = DateTime.UtcNow + wait;
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: ct).ConfigureAwait(false);
                return new BlobLeaseLock(lease);
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new TimeoutException($"{blob.BlobContainerName}/{blob.Name} stayed locked by another holder for {wait.TotalSeconds:0} s; try again later", ex);
                }

                // Jitter keeps waiters that started together from retrying in step.
                await Task.Delay(pause + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50)), ct).ConfigureAwait(false);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 1000));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _renewal.ConfigureAwait(false);
            await _lease.ReleaseAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Lost or expired already: the next holder does not need our release.
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(s_renewEvery, _stop.Token).ConfigureAwait(false);
                await _lease.RenewAsync(cancellationToken: _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Released.
        }
        catch (RequestFailedException)
        {
            // The lease was lost (storage unreachable longer than its duration); the work under it still ends, and the
            // writes it guards are conditional, so a second holder cannot corrupt anything.
        }
    }
}
