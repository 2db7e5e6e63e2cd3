using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks;

/// <summary>
/// What one check needs: the profile of the dataset being checked, the spec, this check's settings with the
/// defaults filled in, and the profile of the data the champion was trained on (null before the first promotion).
/// Build it with <see cref="DataChecks.Context"/>.
/// </summary>
public sealed record DataCheckContext(DatasetProfile Profile, PipelineSpec Spec, CheckSettings Settings, DatasetProfile? Reference = null)
{
    /// <summary>
    /// The thresholds for one column: the spec's per-column pair when it has one (it replaces the check's pair
    /// for that column), otherwise the check's.
    /// </summary>
    public CheckThresholds ThresholdsFor(string? column) =>
        column is not null && Settings.Columns.TryGetValue(column, out var own) ? own : new CheckThresholds(Settings.Warn, Settings.Fail);

    /// <summary>True for the columns the model learns from: every column except the label and the excluded ones.</summary>
    public bool IsFeature(string column) =>
        !string.Equals(column, Spec.Label, StringComparison.Ordinal) && !Spec.Exclude.Contains(column, StringComparer.Ordinal);
}
