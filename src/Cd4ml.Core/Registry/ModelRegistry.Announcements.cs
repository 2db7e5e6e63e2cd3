using Azure;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Registry;

// Which alias moves have had their event sent. The registry keeps the marker (one small blob per move, keyed on the
// alias generation) so every host that moves an alias, or retries a move, agrees on whether the event still has to go.
public sealed partial class ModelRegistry
{
    /// <summary>True when the event of <paramref name="alias"/>'s move to <paramref name="generation"/> was sent.</summary>
    public async Task<bool> IsAnnouncedAsync(string pipeline, string alias, long generation, CancellationToken ct = default)
    {
        RequireNames(pipeline, alias);
        return await Models.GetBlobClient(AnnouncementBlob(pipeline, alias, generation)).DownloadOrNullAsync(ct).ConfigureAwait(false) is not null;
    }

    /// <summary>Records that the event of the move to <paramref name="generation"/> was sent (once; a second mark is a no-op).</summary>
    public async Task MarkAnnouncedAsync(string pipeline, string alias, long generation, string eventId, CancellationToken ct = default)
    {
        RequireNames(pipeline, alias);
        try
        {
            await Models.GetBlobClient(AnnouncementBlob(pipeline, alias, generation))
                .UploadAsync(BinaryData.FromObjectAsJson(new { eventId, at = _time.GetUtcNow() }), CreateOnly("application/json"), ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsAlreadyExists(ex))
        {
            // Marked by a concurrent attempt.
        }
    }
}
