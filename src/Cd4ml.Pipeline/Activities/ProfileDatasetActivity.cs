using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Profiles the snapshot in one streaming read that also re-hashes it, and stores <c>profile.json</c> beside it.
/// Returns only a summary: the checks and training read the full profile from storage.
/// </summary>
public sealed class ProfileDatasetActivity(ProfileStore profiles) : TaskActivity<ProfileInput, ProfileOutput>
{
    public override async Task<ProfileOutput> RunAsync(TaskActivityContext context, ProfileInput input)
    {
        var profile = await profiles.ProfileSnapshotAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
        return new ProfileOutput(profile.Rows, profile.Header.Count, ProfileStore.ProfileBlob(input.Pipeline, input.Sha256), DatasetShapes.From(profile, input.Label));
    }
}
