using System.Text.Json;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Data.Profiling;

/// <summary><c>profile.json</c>: a <see cref="DatasetProfile"/> in Cd4ml's JSON conventions (<see cref="SpecJson.Options"/>), sketches included.</summary>
public static class ProfileJson
{
    public static string Serialize(DatasetProfile profile) => JsonSerializer.Serialize(profile, SpecJson.Options);

    /// <summary>Reads a profile; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static DatasetProfile Deserialize(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, SpecJson.Options) ?? throw new JsonException("profile.json holds null, not a profile.");
}
