
namespace Cd4ml.Pipeline.Orchestration;

/// <summary>The stages a run reports through its custom status, in order.</summary>
public static class RunStages
{
    public const string Snapshot = "snapshot";
    public const string Profiling = "profiling";
    public const string Checks = "checks";
    public const string SmokeTest = "smoke-test";
    public const string Quarantine = "quarantine";
    public const string Training = "training";
    public const string Champion = "champion";
    public const string Deciding = "deciding";
    public const string AwaitingApproval = "awaiting-approval";

    /// <summary>A person answered (or the deadline passed); the answer is being recorded. No further answer is taken.</summary>
    public const string ApprovalAnswered = "approval-answered";
    public const string Publishing = "publishing";
    public const string Reporting = "reporting";
    public const string Done = "done";
}
