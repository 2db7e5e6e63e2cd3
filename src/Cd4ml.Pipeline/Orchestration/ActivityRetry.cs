using System.Net.Sockets;
using System.Reflection;
using Azure;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Retries for transient storage faults only. A bad request, a missing blob or bad data fails at once:
/// retrying those would only repeat the same answer more slowly.
/// </summary>
/// <remarks>
/// Only the failure details cross the activity boundary, so the decision is read from their type information
/// (<see cref="TaskFailureDetails.IsCausedBy{T}"/>, which knows base types), never from the message. Activities decide
/// at their boundary, where the whole exception is still known (<see cref="TransientFaults.AtBoundary"/>): a transient
/// fault arrives as <see cref="TransientFaultException"/>, a fault that only looks transient as
/// <see cref="PermanentFaultException"/>. Anything else is judged by its type and, through wrappers
/// (<see cref="AggregateException"/>, a status-less <see cref="RequestFailedException"/>), by its cause.
/// </remarks>
public static class ActivityRetry
{
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
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (Is<TransientFaultException>(current))
            {
                return true;
            }

            if (Is<PermanentFaultException>(current) || Is<FileNotFoundException>(current) || Is<DirectoryNotFoundException>(current) || Is<PathTooLongException>(current))
            {
                return false;
            }

            if (Is<HttpRequestException>(current) || Is<IOException>(current) || Is<SocketException>(current) || Is<TimeoutException>(current))
            {
                return true;
            }

            // A wrapper decides nothing by itself: look at its cause. An unmarked RequestFailedException is a permanent
            // answer (the boundary marks the transient statuses) unless it wraps a network fault (no answer, status 0).
            var wrapper = Is<AggregateException>(current) || Is<OperationCanceledException>(current) || Is<RequestFailedException>(current);
            if (!wrapper)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="TaskFailureDetails.IsCausedBy{T}"/>, which throws <see cref="AmbiguousMatchException"/> for a type
    /// forwarded from several assemblies (<see cref="SocketException"/> is one): a retry handler that throws would fail
    /// the run, so such a type is matched by its full name.
    /// </summary>
    private static bool Is<T>(TaskFailureDetails failure) where T : Exception
    {
        try
        {
            return failure.IsCausedBy<T>();
        }
        catch (AmbiguousMatchException)
        {
            return string.Equals(failure.ErrorType, typeof(T).FullName, StringComparison.Ordinal);
        }
    }
}
