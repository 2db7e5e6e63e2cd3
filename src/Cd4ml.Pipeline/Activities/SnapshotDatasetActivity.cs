using Cd4ml.Core.Data;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Copies the dropped dataset into its immutable, content-addressed snapshot (idempotent).</summary>
public sealed class SnapshotDatasetActivity(SnapshotStore snapshots) : TaskActivity<SnapshotInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, SnapshotInput input) =>
        snapshots.EnsureSnapshotAsync(input.Pipeline, input.Dataset);
}
