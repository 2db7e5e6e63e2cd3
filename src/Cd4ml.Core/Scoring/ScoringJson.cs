using System.Text.Json;

namespace Cd4ml.Core.Scoring;

/// <summary>camelCase JSON that writes nulls: the predictions manifest's <c>idColumn</c> is present even when null.</summary>
public static class ScoringJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
