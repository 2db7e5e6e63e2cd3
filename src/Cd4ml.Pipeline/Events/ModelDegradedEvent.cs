using System.Text.Json;
using Azure.Messaging;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Events;

/// <summary>
/// The CloudEvents 1.0 message sent when monitoring opens an incident: <c>data</c> is the incident record. Its id is
/// the incident's id, so a repeated send is recognisable as the same event.
/// </summary>
public static class ModelDegradedEvent
{
    public const string Type = "cd4ml.model.degraded";

    private static readonly JsonSerializerOptions s_compact = new(SpecJson.Options) { WriteIndented = false };

    public static CloudEvent Create(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new CloudEvent($"/pipelines/{incident.Pipeline}", Type, BinaryData.FromObjectAsJson(incident, s_compact), "application/json", CloudEventDataFormat.Json)
        {
            Id = incident.Id,
            Time = incident.OpenedAt,
            Subject = $"{incident.Pipeline}/incidents/{incident.Id}",
        };
    }
}
