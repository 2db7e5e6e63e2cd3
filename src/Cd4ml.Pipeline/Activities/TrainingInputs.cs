using Cd4ml.Core.Data;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Contracts;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Loads a snapshot for training or scoring with the feature plan of its stored profile, so candidates and the
/// champion read the same columns the same way and split the same rows.
/// </summary>
internal static class TrainingInputs
{
    public static async Task<TrainingData> LoadAsync(
        MLContext ml, string path, ProfileStore profiles, string pipeline, string sha256, PipelineSpec spec, DatasetShape shape)
    {
        var profile = await profiles.GetAsync(pipeline, sha256).ConfigureAwait(false);
        return profile is null
            ? TrainingData.Load(ml, path, shape.Columns, shape.LabelValues, spec)
            : TrainingData.Load(ml, path, FeaturePlan.FromProfile(profile, spec), shape.LabelValues, spec, profile.Options.MaxClasses);
    }
}
