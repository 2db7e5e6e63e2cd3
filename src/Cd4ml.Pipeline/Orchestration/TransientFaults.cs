using System.Net.Sockets;
using Azure;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Which exceptions are worth retrying: storage and network faults that another attempt can get past. Decided from the
/// exception's type and, for <see cref="RequestFailedException"/> and <see cref="HttpRequestException"/>, its HTTP
/// status; never from its message.
/// </summary>
public static class TransientFaults
{
    /// <summary>HTTP statuses a later attempt can get past: timeout, throttling and server-side faults.</summary>
    public static IReadOnlySet<int> Statuses { get; } = new HashSet<int> { 408, 429, 500, 502, 503, 504 };

    /// <summary>
    /// Whether <paramref name="exception"/> is transient. An <see cref="AggregateException"/> (what Azure.Core throws
    /// when its own retries are exhausted) is transient when every exception inside it is.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TransientFaultException => true,
        PermanentFaultException => false,
        RequestFailedException failed => Statuses.Contains(failed.Status)
            // Status 0: no answer at all (connection refused or reset); the cause is inside.
            || (failed.Status == 0 && failed.InnerException is { } cause && IsTransient(cause)),
        AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(IsTransient),
        HttpRequestException http => http.StatusCode is not { } status || Statuses.Contains((int)status),
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException or DriveNotFoundException => false,
        IOException or SocketException or TimeoutException => true,
        // HttpClient's timeout is a TaskCanceledException around a TimeoutException.
        OperationCanceledException canceled => canceled.InnerException is { } cause && IsTransient(cause),
        _ => false,
    };

    /// <summary>
    /// At an activity's boundary, where the whole exception is still known: what to throw so that
    /// <see cref="ActivityRetry"/> decides from the failure's type alone (the HTTP status and all but the first exception
    /// of an aggregate do not cross the boundary). A transient fault becomes a <see cref="TransientFaultException"/>
    /// around it; a permanent one that its type or first cause would make look transient (an HTTP 404, an aggregate
    /// with one permanent fault among network faults) a <see cref="PermanentFaultException"/>. Null: throw it as it is.
    /// </summary>
    public static Exception? AtBoundary(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TransientFaultException or PermanentFaultException)
        {
            return null;
        }

        if (IsTransient(exception))
        {
            return new TransientFaultException(exception);
        }

        return exception is HttpRequestException or AggregateException ? new PermanentFaultException(exception) : null;
    }
}

/// <summary>A transient storage or network fault inside an activity (the original is the inner exception); the activity is retried.</summary>
public sealed class TransientFaultException : Exception
{
    public TransientFaultException()
    {
    }

    public TransientFaultException(string message)
        : base(message)
    {
    }

    public TransientFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransientFaultException(Exception innerException)
        : base(Describe(innerException), innerException)
    {
    }

    private static string Describe(Exception fault) =>
        fault is RequestFailedException { Status: > 0 } failed
            ? $"transient fault, status {failed.Status}: {failed.Message}"
            : $"transient fault ({fault.GetType().FullName}): {fault.Message}";
}

/// <summary>A fault that looks like a network fault but is not worth retrying (an HTTP 4xx, an aggregate holding a permanent fault); the original is the inner exception.</summary>
public sealed class PermanentFaultException : Exception
{
    public PermanentFaultException()
    {
    }

    public PermanentFaultException(string message)
        : base(message)
    {
    }

    public PermanentFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PermanentFaultException(Exception innerException)
        : base(Describe(innerException), innerException)
    {
    }

    private static string Describe(Exception fault) =>
        fault is AggregateException aggregate && aggregate.Flatten().InnerExceptions.FirstOrDefault(e => !TransientFaults.IsTransient(e)) is { } permanent
            ? $"{permanent.GetType().FullName}: {permanent.Message}"
            : $"{fault.GetType().FullName}: {fault.Message}";
}
