using System.Globalization;
using Cd4ml.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary><c>Cd4ml:SnapshotCacheMaxBytes</c> (app setting <c>Cd4ml__SnapshotCacheMaxBytes</c>): the cap on the local snapshot cache.</summary>
public static class SnapshotCacheSettings
{
    public const string MaxBytesKey = "Cd4ml:SnapshotCacheMaxBytes";

    /// <summary>The configured cap; null (the default, <see cref="SnapshotCache.DefaultMaxBytes"/>) when unset.</summary>
    public static long? MaxBytes(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[MaxBytesKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : throw new InvalidOperationException($"{MaxBytesKey} is '{text}'; it must be a positive number of bytes, e.g. 4294967296 for 4 GiB");
    }
}
