namespace Cd4ml.Core.Registry;

/// <summary>What started a run: <c>blob</c>, <c>webhook</c>, <c>schedule</c> or <c>manual</c>, and from where.</summary>
public sealed record RunTrigger(string Kind, string Source, string? Commit = null, string? DeliveryId = null, string? RequestedBy = null)
{
    public static readonly IReadOnlyList<string> Kinds = ["blob", "webhook", "schedule", "manual"];
}

/// <summary>The exact data a model was trained on.</summary>
public sealed record DatasetLineage(string SourceBlob, string Sha256, string SnapshotBlob, long Rows);
