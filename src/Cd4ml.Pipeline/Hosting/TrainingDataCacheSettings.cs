using Cd4ml.Core.Training.Loading;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>
/// <c>Cd4ml:TrainingDataCacheMaxBytes</c> (app setting <c>Cd4ml__TrainingDataCacheMaxBytes</c>): the cap on the memory a
/// worker process keeps snapshots in once read for training (<see cref="SnapshotColumnsCache"/>).
/// </summary>
public static class TrainingDataCacheSettings
{
    public const string MaxBytesKey = "Cd4ml:TrainingDataCacheMaxBytes";

    /// <summary>The configured cap; null (the default, <see cref="SnapshotColumnsCache.DefaultMaxBytes"/>) when unset; 0 turns the cache off.</summary>
    public static long? MaxBytes(IConfiguration configuration) =>
        ByteCountSetting.Read(configuration, MaxBytesKey, zeroAllowed: true, "e.g. 1073741824 for 1 GiB, or 0 to read the file per candidate");
}
