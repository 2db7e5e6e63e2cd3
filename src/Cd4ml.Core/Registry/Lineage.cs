namespace Cd4ml.Core.Registry;

/// <summary>What started a run: <c>blob</c>, <c>webhook</c>, <c>schedule</c> or <c>manual</c>, and from where.</summary>
/// <param name="Kind"><c>blob</c>, <c>webhook</c>, <c>schedule</c> or <c>manual</c>.</param>
/// <param name="Source">Where it came from: the blob, the repository, <c>api</c>, <c>cli:{file}</c>.</param>
/// <param name="Commit">The pushed commit of a webhook run.</param>
/// <param name="DeliveryId">The webhook delivery that started it.</param>
/// <param name="RequestedBy">The name the caller gave for itself (<c>requestedBy</c> of <c>POST /runs</c>): a claim, recorded as such.</param>
/// <param name="Actor">Who started the run as the host authenticated it: a user Easy Auth signed in, the key's name, or <c>anonymous</c>.</param>
public sealed record RunTrigger(string Kind, string Source, string? Commit = null, string? DeliveryId = null, string? RequestedBy = null, string? Actor = null)
{
    public static readonly IReadOnlyList<string> Kinds = ["blob", "webhook", "schedule", "manual"];
}

/// <summary>The exact data a model was trained on.</summary>
/// <param name="SourceBlob">The dropped blob the run started from, as <c>{container}/{name}</c>.</param>
/// <param name="Sha256">The hash of its content: the snapshot's name.</param>
/// <param name="SnapshotBlob">The immutable copy the run trained on.</param>
/// <param name="Rows">Data rows in it.</param>
/// <param name="ArrivedAt">When the dataset arrived in the drop zone (its blob's last write); null for runs recorded before it was.</param>
public sealed record DatasetLineage(string SourceBlob, string Sha256, string SnapshotBlob, long Rows, DateTimeOffset? ArrivedAt = null);
