using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Retries for transient storage faults only. A bad request, a missing blob or bad data fails at once:
/// retrying those would only repeat the same answer more slowly.
/// </summary>
public static class ActivityRetry
{
    private static readonly string[] s_transientTypes =
    [
        typeof(IOException).FullName!,
        typeof(TimeoutException).FullName!,
        typeof(HttpRequestException).FullName!,
    ];

    // The Azure SDK puts the status in the message ("Status: 503 (Server Busy)"); only the failure details cross the
    // activity boundary, so the status is read from there.
    private static readonly string[] s_transientStatuses = ["Status: 408", "Status: 429", "Status: 500", "Status: 502", "Status: 503", "Status: 504"];

    public static TaskOptions Transient { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = IsTransient,
    });

    public static bool IsTransient(TaskFailureDetails failure)
    {
        if (s_transientTypes.Contains(failure.ErrorType, StringComparer.Ordinal))
        {
            return true;
        }

        return failure.ErrorType == "Azure.RequestFailedException"
            && s_transientStatuses.Any(s => failure.ErrorMessage.Contains(s, StringComparison.Ordinal));
    }
}
