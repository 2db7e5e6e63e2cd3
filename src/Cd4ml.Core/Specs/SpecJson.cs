using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cd4ml.Core.Specs;

/// <summary>The JSON conventions of every document Cd4ml writes: camelCase, enums as strings, indented.</summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
