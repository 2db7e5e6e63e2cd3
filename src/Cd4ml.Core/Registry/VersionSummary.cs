namespace Cd4ml.Core.Registry;

/// <summary>
/// One line of a pipeline's version list: when and how it was trained, its primary metric, the exact data it
/// came from and the aliases that point at it now.
/// </summary>
public sealed record VersionSummary(
    int Version,
    DateTimeOffset CreatedAt,
    string Trainer,
    string PrimaryMetric,
    double? PrimaryMetricValue,
    string DatasetSha256,
    long DatasetRows,
    string DatasetSourceBlob,
    string RunId,
    string ModelSha256,
    IReadOnlyList<string> Aliases);
