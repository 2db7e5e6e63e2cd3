using Cd4ml.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary><c>Cd4ml:SnapshotCacheMaxBytes</c> (app setting <c>Cd4ml__SnapshotCacheMaxBytes</c>): the cap on the local snapshot cache.</summary>
public static class SnapshotCacheSettings
{
    public const string MaxBytesKey = "Cd4ml:SnapshotCacheMaxBytes";

    /// <summary>The configured cap; null (the default, <see cref="SnapshotCache.DefaultMaxBytes"/>) when unset.</summary>
    public static long? MaxBytes(IConfiguration configuration) =>
        ByteCountSetting.Read(configuration, MaxBytesKey, zeroAllowed: false, "e.g. 4294967296 for 4 GiB");
}
