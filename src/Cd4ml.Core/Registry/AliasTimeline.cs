namespace Cd4ml.Core.Registry;

/// <summary>Answers "which version did an alias point at, at time T" from the audit log alone.</summary>
public static class AliasTimeline
{
    /// <summary>
    /// The version of the last promote or rollback of <paramref name="alias"/> at or before <paramref name="at"/>,
    /// or null if the alias did not exist yet. The log is in the order the compare-and-swaps succeeded, so among the
    /// lines not after T the last one written wins, even if two hosts' clocks disagree slightly.
    /// </summary>
    public static int? VersionAt(IEnumerable<AuditEntry> oldestFirst, string alias, DateTimeOffset at) =>
        oldestFirst.LastOrDefault(e => e.Alias == alias && AuditActions.MovesAlias(e.Action) && e.At <= at)?.Version;
}
