using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Pipeline.Contracts;

/// <summary>The column kinds and label values training loads the snapshot with, read off its profile.</summary>
public static class DatasetShapes
{
    public static DatasetShape From(DatasetProfile profile, string label)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var columns = profile.Columns
            .Select(c => new DatasetColumn(c.Name, c.Type == InferredType.Numeric && c.Name != label ? ColumnKind.Numeric : ColumnKind.Categorical))
            .ToList();
        return new DatasetShape(columns, ProfileLabels.ValuesOf(profile, label));
    }
}
