namespace Cd4ml.Core.Registry;

/// <summary>
/// One line of <c>models/{pipeline}/audit.log</c>. <see cref="Generation"/> is the alias generation the line
/// produced (null for lines that moved nothing, such as a rejection).
/// </summary>
public sealed record AuditEntry(
    string Action,
    string Pipeline,
    string Alias,
    int? Version,
    int? Previous,
    DateTimeOffset At,
    string RunId,
    string By,
    string Reason,
    long? Generation = null);

/// <summary>The <see cref="AuditEntry.Action"/> values. Promote and rollback move an alias; the others record a decision.</summary>
public static class AuditActions
{
    public const string Promote = "promote";
    public const string Rollback = "rollback";
    public const string Approve = "approve";
    public const string Reject = "reject";

    /// <summary>True for the actions that moved an alias, which are the ones "what was champion at time T" follows.</summary>
    public static bool MovesAlias(string action) => action is Promote or Rollback;
}
