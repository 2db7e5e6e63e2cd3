namespace Cd4ml.Pipeline.Triggers;

/// <summary>How start statuses are spelled in answers and receipts, the same everywhere.</summary>
public static class StartStatuses
{
    public static string Word(StartRunStatus status) => status switch
    {
        StartRunStatus.Started => "started",
        StartRunStatus.AlreadyAccepted => "already-accepted",
        _ => "already-completed",
    };
}
