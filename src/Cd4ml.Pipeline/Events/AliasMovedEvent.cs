using System.Text.Json;
using Azure.Messaging;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Events;

/// <summary>The <c>data</c> of a <c>cd4ml.model.alias.moved</c> event: the alias record, and which alias of which pipeline.</summary>
public sealed record AliasMovedData(
    string Pipeline,
    string Alias,
    string Action,
    int Version,
    long Generation,
    int? Previous,
    string Sha256,
    DateTimeOffset At,
    string RunId,
    string By,
    string Reason);

/// <summary>
/// The CloudEvents 1.0 message (structured JSON mode) sent when an alias moves. Its id is
/// <c>{alias}.{generation}</c>: unique within the source <c>/pipelines/{pipeline}</c> and the same if a retried publish
/// sends it again, so consumers can drop duplicates.
/// </summary>
public static class AliasMovedEvent
{
    public const string Type = "cd4ml.model.alias.moved";

    private static readonly JsonSerializerOptions s_compact = new(SpecJson.Options) { WriteIndented = false };

    public static CloudEvent Create(string pipeline, string alias, string action, AliasRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var data = new AliasMovedData(pipeline, alias, action, record.Version, record.Generation, record.Previous, record.Sha256,
            record.At, record.RunId, record.By, record.Reason);
        return new CloudEvent($"/pipelines/{pipeline}", Type, BinaryData.FromObjectAsJson(data, s_compact), "application/json", CloudEventDataFormat.Json)
        {
            // '.' is outside the alias alphabet, so "a.1" can never be confused with another alias's generation.
            Id = IdOf(alias, record),
            Time = record.At,
            Subject = $"{pipeline}/aliases/{alias}",
        };
    }

    /// <summary>The event's id: <c>{alias}.{generation}</c>.</summary>
    public static string IdOf(string alias, AliasRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"{alias}.{record.Generation}";
    }

    /// <summary>The event as its structured-mode JSON document.</summary>
    public static string ToJson(CloudEvent cloudEvent) => JsonSerializer.Serialize(cloudEvent);
}
