using Cd4ml.Core.Data;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Hashes the dropped blob (one streaming read, pinned to the ETag it read) and copies exactly that version into its
/// content-addressed snapshot. The trigger did not read the data, so it could answer at once. A blob overwritten since
/// the trigger is read as it is now: its newer content has a run of its own too, and the content claim that follows
/// lets only one of them train.
/// </summary>
public sealed class SnapshotDropActivity(SnapshotStore snapshots) : TaskActivity<SnapshotInput, SnapshotOutput>
{
    public override async Task<SnapshotOutput> RunAsync(TaskActivityContext context, SnapshotInput input)
    {
        var hashed = await snapshots.HashAsync(BlobAddress.Parse(input.Dataset.Blob)).ConfigureAwait(false);
        var snapshot = await snapshots.EnsureSnapshotAsync(input.Pipeline, hashed).ConfigureAwait(false);
        return new SnapshotOutput(hashed, snapshot);
    }
}
