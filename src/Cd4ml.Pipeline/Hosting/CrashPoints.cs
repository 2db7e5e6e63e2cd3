using System.Diagnostics;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>
/// Named places where the crash-recovery tests stop the process dead, as a power cut would: between two writes that
/// must both happen exactly once. Inert unless the environment variable <c>CD4ML_CRASH_AT</c> names the point, so the
/// tests can kill a real <c>cd4ml serve</c> at the worst moment every time instead of hoping a timed kill lands there.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "CD4ML_CRASH_AT";

    /// <summary>The version (manifest, model, card) is written; the alias has not moved.</summary>
    public const string VersionWritten = "publish:version-written";

    /// <summary>The alias moved, was audited and announced; the activity has not reported back.</summary>
    public const string AliasMoved = "publish:alias-moved";

    private static readonly string? s_armed = Environment.GetEnvironmentVariable(Variable);

    public static void Hit(string point)
    {
        if (s_armed is not null && string.Equals(s_armed, point, StringComparison.Ordinal))
        {
            // SIGKILL on Linux: no finally blocks, no graceful shutdown, no flushed buffers.
            Process.GetCurrentProcess().Kill();
        }
    }
}
