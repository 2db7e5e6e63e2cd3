namespace Cd4ml.Core.Checks;

/// <summary>The verdict of one data check.</summary>
public enum CheckStatus
{
    Pass,
    Warn,
    Fail,
}

/// <summary>One data check's verdict with what it saw and what it allowed, so a refusal explains itself.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Observed, string Threshold, string Message, string? Column = null);
