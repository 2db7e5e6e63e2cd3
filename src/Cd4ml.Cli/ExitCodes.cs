namespace Cd4ml.Cli;

/// <summary>The exit codes of <c>cd4ml</c>, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>The run completed: a version was promoted, or the champion was kept with its reasons.</summary>
    public const int Completed = 0;

    /// <summary>The run or the command failed (storage unreachable, an activity failed); the champion is untouched.</summary>
    public const int Error = 1;

    /// <summary>The command line or the pipeline spec is invalid; nothing was started.</summary>
    public const int InvalidInput = 2;

    /// <summary>The dataset failed its checks and was quarantined; nothing was trained.</summary>
    public const int DataRejected = 3;
}
