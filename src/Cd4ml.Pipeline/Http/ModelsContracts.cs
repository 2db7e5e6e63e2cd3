using System.Text.Json.Serialization;
using Cd4ml.Core.Registry;

namespace Cd4ml.Pipeline.Http;

/// <summary>Body of <c>PUT /api/models/{pipeline}/aliases/{alias}</c>.</summary>
public sealed record PutAliasBody(int? Version, string? Reason, string? By);

/// <summary>
/// Body of <c>POST /api/models/{pipeline}/rollback</c>. <c>alias</c> defaults to champion, <c>toVersion</c> to the alias's
/// previous version; <c>expectedVersion</c> is the version the caller expects the alias to hold now (409 otherwise, and
/// a repeat after the rollback happened is a no-op).
/// </summary>
public sealed record RollbackBody(string? Alias, int? ToVersion, string? Reason, string? By, int? ExpectedVersion = null);

/// <summary>Answer to <c>GET /api/models/{pipeline}</c>: where every alias points, and every version with its lineage.</summary>
public sealed record ModelOverview(string Pipeline, IReadOnlyDictionary<string, AliasRecord> Aliases, IReadOnlyList<VersionSummary> Versions);

/// <summary>Answer to <c>GET /api/models/{pipeline}/aliases/{alias}</c>; <c>etag</c> is what a later <c>If-Match</c> sends.</summary>
public sealed record AliasResponse(string Pipeline, string Alias, string? ETag, AliasRecord Record);

/// <summary>Answer to a promote or rollback that moved the alias (or found it already there).</summary>
public sealed record AliasMoveResponse(string Pipeline, string Alias, AliasMoveOutcome Outcome, string Message, string? ETag, AliasRecord? Record);

/// <summary>409: someone else moved the alias first; <c>current</c> is who holds it now.</summary>
public sealed record AliasConflictResponse(string Error, string Pipeline, string Alias, string? ETag, AliasRecord? Current);

/// <summary>Answer to <c>GET /api/models/{pipeline}/history</c>: audit entries, newest first.</summary>
public sealed record HistoryResponse(string Pipeline, IReadOnlyList<AuditEntry> Entries, AliasAtTime? AliasAt);

/// <summary>The version <c>alias</c> pointed at, at time <c>at</c>; <c>version</c> is null when the alias did not exist yet.</summary>
public sealed record AliasAtTime(string Alias, DateTimeOffset At, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Version);
