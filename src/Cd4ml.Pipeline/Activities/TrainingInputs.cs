using Cd4ml.Core.Data;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Loading;
using Cd4ml.Pipeline.Contracts;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Loads a snapshot for training or scoring with the feature plan of its stored profile, so candidates and the
/// champion read the same columns the same way and split the same rows.
/// </summary>
internal static class TrainingInputs
{
    /// <param name="ml">The caller's context.</param>
    /// <param name="path">The local copy of the snapshot.</param>
    /// <param name="profiles">Where the snapshot's profile is.</param>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="sha256">The snapshot.</param>
    /// <param name="spec">The run's spec.</param>
    /// <param name="shape">The columns and label values the data check found.</param>
    /// <param name="columns">
    /// When given, the columns training uses are taken from (or read once into) this process-wide cache instead of being
    /// parsed from the file by this caller: candidates do this. Callers that read columns training does not use (the
    /// champion's model may use others; verification reads every input column) leave it null.
    /// </param>
    public static async Task<TrainingData> LoadAsync(
        MLContext ml, string path, ProfileStore profiles, string pipeline, string sha256, PipelineSpec spec, DatasetShape shape,
        SnapshotColumnsCache? columns = null)
    {
        var profile = await profiles.GetAsync(pipeline, sha256).ConfigureAwait(false);
        Func<IReadOnlyCollection<ColumnRead>, SnapshotColumns>? read = columns is null ? null : wanted => columns.GetOrRead(sha256, path, wanted);
        return profile is null
            ? TrainingData.Load(ml, path, shape.Columns, shape.LabelValues, spec, read)
            : TrainingData.Load(ml, path, FeaturePlan.FromProfile(profile, spec), shape.LabelValues, spec, profile.Options.MaxClasses, read);
    }
}
