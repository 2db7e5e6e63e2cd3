using Cd4ml.Core.Promotion;

namespace Cd4ml.Pipeline.Contracts;

/// <summary>How the approval gate records a person's answer in a decision, and how it is read back.</summary>
public static class ApprovalText
{
    /// <summary>The gate's name in a decision.</summary>
    public const string Gate = "approval";

    /// <summary>How a passed approval gate's observed value starts.</summary>
    public const string ApprovedBy = "approved by ";

    /// <summary>
    /// Who approved the decision's winner, or null when no person did. Runs from pipeline version 3 on pass the approver
    /// as data; this reads it back for runs of earlier versions, which kept it only here.
    /// </summary>
    public static string? ApproverOf(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Gates.LastOrDefault(g => g.Gate == Gate && g.Passed)?.Observed is { } observed && observed.StartsWith(ApprovedBy, StringComparison.Ordinal)
            ? observed[ApprovedBy.Length..]
            : null;
    }
}
