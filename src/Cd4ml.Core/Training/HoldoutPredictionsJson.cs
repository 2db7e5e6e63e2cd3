using System.Text.Json;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training;

/// <summary>
/// <see cref="HoldoutPredictions"/> as a compact JSON document (<c>holdout.json</c>): the conventions of
/// <see cref="SpecJson"/> without indentation, since it holds one number per row and column.
/// </summary>
public static class HoldoutPredictionsJson
{
    public static JsonSerializerOptions Options { get; } = new(SpecJson.Options) { WriteIndented = false };

    public static byte[] Serialize(HoldoutPredictions predictions) => JsonSerializer.SerializeToUtf8Bytes(predictions, Options);

    /// <summary>Reads a document written by <see cref="Serialize"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static HoldoutPredictions Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<HoldoutPredictions>(json, Options) ?? throw new JsonException("holdout predictions: the document is null");
}
