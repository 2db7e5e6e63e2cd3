namespace Cd4ml.Core.Registry;

/// <summary>
/// One line of a pipeline's version list: when and how it was trained, its primary metric, the exact data it
/// came from and the aliases that point at it now. <see cref="ComparedWith"/> is the champion its decision was made
/// against (null: there was none); <see cref="EverMoved"/> says whether an alias was ever moved to it (from the audit
/// log): a version published without moving one (a person moved the champion between the decision and the swap) says
/// so, with the reason in its run's report. <see cref="RunFailed"/> says its run failed after the version was written
/// (the alias never moved on its account; the reason is in the version's <c>run-failed.json</c> and the run's report).
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
    IReadOnlyList<string> Aliases,
    int? ComparedWith = null,
    bool EverMoved = true,
    bool RunFailed = false);
