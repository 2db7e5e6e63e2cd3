using Microsoft.ML.OnnxRuntime;

namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// Sends ONNX Runtime's native log to the caller instead of the process's standard error. By default the runtime writes
/// its messages (a failed model load prints a block of them) straight to file descriptor 2, past any logger, onto the
/// terminal of whoever runs <c>cd4ml</c>. The runtime's environment is created once per process with a logging function
/// that hands each message, as one line, to the sink of the code that is using the runtime at that moment
/// (<see cref="Capture"/>); a message logged while nobody listens is dropped.
/// </summary>
public static class OnnxRuntimeLog
{
    private static readonly AsyncLocal<Action<string>?> s_sink = new();

    // Native code keeps a pointer to this delegate for the life of the process, so it must never be collected.
    private static readonly DOrtLoggingFunction s_forward = Forward;

    private static readonly Lazy<bool> s_routed = new(Route, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// True when the runtime's log goes through <see cref="Capture"/>; false when something else in the process created
    /// the runtime's environment first (its own logging then applies).
    /// </summary>
    public static bool Routed => s_routed.Value;

    /// <summary>
    /// Until the returned value is disposed, the runtime's messages logged on this flow of execution go to
    /// <paramref name="sink"/> (null: they are dropped), one line each: <c>ONNX Runtime error [category] message</c>.
    /// Only warnings and errors are passed on.
    /// </summary>
    public static IDisposable Capture(Action<string>? sink)
    {
        _ = s_routed.Value;
        var previous = s_sink.Value;
        s_sink.Value = sink;
        return new Restore(previous);
    }

    private static bool Route()
    {
        if (OrtEnv.IsCreated)
        {
            return false;
        }

        var options = new EnvironmentCreationOptions
        {
            logId = "cd4ml",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            loggingFunction = s_forward,
        };
        OrtEnv.CreateInstanceWithOptions(ref options);
        return true;
    }

    private static void Forward(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (s_sink.Value is not { } sink)
        {
            return;
        }

        var level = severity switch
        {
            OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL => "fatal",
            OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => "error",
            OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => "warning",
            _ => "info",
        };
        try
        {
            sink($"ONNX Runtime {level} [{category}] {OneLine(message)}");
        }
        catch (Exception)
        {
            // An exception must never unwind into native code; a lost log line is the lesser harm.
        }
    }

    /// <summary>
    /// The reason in one of the runtime's error messages, in one line: a failed check reads "[ErrorCode:Fail] …
    /// /onnxruntime_src/….h:504 size_t …(hundreds of characters of C++ signature) … was false. nodes_featureids[0]=-1
    /// must be in [0, 2147483647] for non-leaf nodes."; only the sentence after "was false." says what is wrong.
    /// </summary>
    public static string Reason(string message)
    {
        var line = OneLine(message);
        const string failedCheck = " was false. ";
        var at = line.LastIndexOf(failedCheck, StringComparison.Ordinal);
        return at >= 0 && at + failedCheck.Length < line.Length ? line[(at + failedCheck.Length)..] : line;
    }

    /// <summary>The text with its line breaks and runs of white space made single spaces.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed class Restore(Action<string>? previous) : IDisposable
    {
        public void Dispose() => s_sink.Value = previous;
    }
}
