namespace Cd4ml.Core.Registry;

/// <summary>
/// An alias (e.g. <c>champion</c>) pointing at a version. <see cref="Generation"/> counts the moves, and
/// <see cref="Previous"/> is what a rollback returns to. Stored as <c>models/{pipeline}/aliases/{alias}.json</c>.
/// <see cref="Action"/> is the audit action of the move that wrote it (<c>promote</c> or <c>rollback</c>; null in records
/// written before it was kept, which were promotions or rollbacks logged at the time), so a move whose audit line was
/// lost can be logged afterwards with the right action.
/// </summary>
public sealed record AliasRecord(int Version, long Generation, int? Previous, string Sha256, DateTimeOffset At, string RunId, string By, string Reason, string? Action = null);

/// <summary>How an attempt to move an alias ended.</summary>
public enum AliasMoveOutcome
{
    /// <summary>This call moved the alias.</summary>
    Moved,

    /// <summary>The alias already pointed at this version for this run (a retried activity); nothing written.</summary>
    AlreadyMoved,

    /// <summary>Someone else moved the alias first (ETag mismatch); nothing written.</summary>
    Conflict,
}

/// <summary>
/// The result of a move: what the alias holds now (<paramref name="Current"/>, null if it does not exist) and the
/// ETag a next move must match.
/// </summary>
public sealed record AliasMoveResult(AliasMoveOutcome Outcome, AliasRecord? Current, string Message, string? ETag = null);
