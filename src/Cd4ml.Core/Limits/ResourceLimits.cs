using System.Globalization;

namespace Cd4ml.Core.Limits;

/// <summary>
/// <c>Cd4ml:Limits</c>: caps on the shapes a dataset or a stored model may have, checked before the memory for them is
/// allocated. A file over a cap is refused with a message that names the cap and the setting that raises it (the
/// dataset is quarantined with its report, the run ends); nothing is retried, since the same bytes would be refused
/// again. Set them like any setting: <c>Cd4ml__Limits__MaxColumns=5000</c> in the environment or app settings.
/// </summary>
public sealed class ResourceLimits
{
    public const string Section = "Cd4ml:Limits";

    public const int DefaultMaxColumns = 2_000;
    public const int DefaultMaxHeaderBytes = 1 << 20;
    public const int DefaultMaxClasses = 1_000;
    public const long DefaultMaxModelBytes = 512L << 20;

    public static ResourceLimits Default { get; } = new();

    /// <summary>
    /// Columns a dataset may have. The profiler keeps about 9 KiB per column before it reads a row, and up to a few
    /// hundred KiB per column of text categories after: 2,000 columns is at most some hundreds of MB.
    /// </summary>
    public int MaxColumns { get; set; } = DefaultMaxColumns;

    /// <summary>Bytes of a dataset's first line, the header: read whole before anything else (1 MiB).</summary>
    public int MaxHeaderBytes { get; set; } = DefaultMaxHeaderBytes;

    /// <summary>
    /// Classes a multiclass label may have. Each class is counted exactly while profiling (raising this raises the
    /// number of distinct values counted per column) and becomes a model output.
    /// </summary>
    public int MaxClasses { get; set; } = DefaultMaxClasses;

    /// <summary>Bytes of a stored model zip that is downloaded to be loaded (the champion's, for its evaluation): 512 MiB.</summary>
    public long MaxModelBytes { get; set; } = DefaultMaxModelBytes;

    /// <summary>
    /// Threads that profile a dataset's blocks of rows at once: 0 (the default) is one per core; 1 profiles on the
    /// activity's own thread, for a host whose other work should keep the other cores. The profile is the same either way.
    /// </summary>
    public int ProfilerThreads { get; set; }

    /// <summary>The setting that raises a cap, as written in configuration and in the environment: <c>Cd4ml:Limits:MaxColumns (Cd4ml__Limits__MaxColumns)</c>.</summary>
    public static string Setting(string name) => $"{Section}:{name} ({Section.Replace(":", "__", StringComparison.Ordinal)}__{name})";

    /// <summary>One message per setting out of its range; empty when every setting is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Check(MaxColumns >= 2, nameof(MaxColumns), "at least 2 (a label and a feature)", MaxColumns);
        Check(MaxHeaderBytes >= 64, nameof(MaxHeaderBytes), "at least 64", MaxHeaderBytes);
        Check(MaxClasses >= 2, nameof(MaxClasses), "at least 2", MaxClasses);
        Check(MaxModelBytes >= 1024, nameof(MaxModelBytes), "at least 1024", MaxModelBytes);
        Check(ProfilerThreads >= 0, nameof(ProfilerThreads), "0 (one per core) or more", ProfilerThreads);
        return problems;

        void Check(bool ok, string name, string rule, long value)
        {
            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} must be {rule} (was {value})"));
            }
        }
    }
}
