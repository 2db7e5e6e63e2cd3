namespace Cd4ml.Testing;

/// <summary>A clock the test sets by hand, so timestamps in alias records and audit lines are exact.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
