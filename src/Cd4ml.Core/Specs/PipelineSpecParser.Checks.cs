using System.Text.Json;

namespace Cd4ml.Core.Specs;

// The declared columns and the data-check settings of a spec.
public static partial class PipelineSpecParser
{
    private static SortedDictionary<string, ColumnSpec> Columns(JsonElement root, List<SpecError> errors)
    {
        _ = root;
        _ = errors;
        return new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal);
    }

    private static SortedDictionary<string, CheckSettings> Checks(JsonElement root, List<SpecError> errors)
    {
        _ = root;
        _ = errors;
        return new SortedDictionary<string, CheckSettings>(StringComparer.Ordinal);
    }
}
