using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Training;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

using Cd4ml.Pipeline.Telemetry;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>One version as the dashboard charts and lists it.</summary>
public sealed record VersionRow(
    int Version,
    DateTimeOffset CreatedAt,
    string Trainer,
    string PrimaryMetric,
    double? Value,
    double? Lower,
    double? Upper,
    string RunId,
    string DatasetSha256,
    long DatasetRows)
{
    /// <summary>
    /// The row of a manifest. The interval is the significance gate's bootstrap interval of the improvement over the
    /// champion it was compared with, placed on the metric's scale: the champion's value plus the interval of the improvement.
    /// </summary>
    public static VersionRow From(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var metric = m.Spec.Promotion.PrimaryMetric;
        double? value = m.Metrics.TryGetValue(metric, out var v) ? v : null;
        var s = m.Decision.Significance;
        double? lower = null, upper = null;
        if (value is { } x && s is { Lower: { } lo, Upper: { } up } && s.Metric == metric && double.IsFinite(s.Delta))
        {
            // The interval is of the improvement (sign flipped for lower-is-better metrics): map it back onto the metric's scale.
            var champion = MetricCatalog.HigherIsBetter(metric) ? x - s.Delta : x + s.Delta;
            (lower, upper) = MetricCatalog.HigherIsBetter(metric) ? (champion + lo, champion + up) : (champion - up, champion - lo);
        }

        return new VersionRow(m.Version, m.CreatedAt, m.Trainer, metric, value, lower, upper, m.RunId, m.Dataset.Sha256, m.Dataset.Rows);
    }
}

/// <summary>A pipeline's index: its finished runs and its versions, newest last, in two small blobs.</summary>
public sealed record DashboardIndex(IReadOnlyList<RunRow> Runs, IReadOnlyList<VersionRow> Versions);

/// <summary>
/// Small per-pipeline index blobs so the overview reads O(pipelines) blobs and a pipeline page O(1), not every run
/// report and manifest: <c>runs/{pipeline}/_index/runs.json</c> and <c>models/{pipeline}/_index/versions.json</c>.
/// The records stay the truth: the activities that write a report or publish a version add it here with an ETag
/// compare-and-swap, and <see cref="RebuildAsync"/> rebuilds both from the records (<c>cd4ml dashboard reindex</c>).
/// </summary>
public sealed class DashboardIndexStore(BlobServiceClient service, RunReportStore reports, ModelRegistry registry, RunArrivals arrivals)
{
    private const int MaxAttempts = 8;

    public static string RunsIndexBlob(string pipeline) => $"{pipeline}/_index/runs.json";

    public static string VersionsIndexBlob(string pipeline) => $"{pipeline}/_index/versions.json";

    private BlobClient RunsBlob(string pipeline) => service.GetBlobContainerClient(Containers.Runs).GetBlobClient(RunsIndexBlob(Require(pipeline)));

    private BlobClient VersionsBlob(string pipeline) => service.GetBlobContainerClient(Containers.Models).GetBlobClient(VersionsIndexBlob(Require(pipeline)));

    /// <summary>The pipeline's runs, oldest first; built from the reports (and stored) the first time it is missing.</summary>
    public async Task<IReadOnlyList<RunRow>> RunsAsync(string pipeline, CancellationToken ct = default) =>
        (await ReadAsync<RunRow>(RunsBlob(pipeline), ct).ConfigureAwait(false)).Rows
        ?? (await RebuildRunsAsync(pipeline, ct, storeEmpty: false).ConfigureAwait(false));

    /// <summary>The pipeline's versions, oldest first; built from the manifests (and stored) the first time it is missing.</summary>
    public async Task<IReadOnlyList<VersionRow>> VersionsAsync(string pipeline, CancellationToken ct = default) =>
        (await ReadAsync<VersionRow>(VersionsBlob(pipeline), ct).ConfigureAwait(false)).Rows
        ?? (await RebuildVersionsAsync(pipeline, ct, storeEmpty: false).ConfigureAwait(false));

    /// <summary>Adds or replaces a run's row (keyed by run id) by compare-and-swap; returns the row, with when its change arrived.</summary>
    public async Task<RunRow> AddRunAsync(RunRecord report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var row = RunRow.From(report, await arrivals.ArrivedAtAsync(report, ct).ConfigureAwait(false));
        if (!await RunsBlob(report.Pipeline).ExistsAsync(ct).ConfigureAwait(false))
        {
            // A pipeline from before the index (or after it was deleted): build it from every report, this one included.
            await RebuildRunsAsync(report.Pipeline, ct).ConfigureAwait(false);
            return row;
        }

        await UpdateAsync<RunRow>(RunsBlob(report.Pipeline), rows => [.. rows.Where(r => r.RunId != row.RunId).Append(row).OrderBy(r => r.StartedAt)], ct).ConfigureAwait(false);
        return row;
    }

    /// <summary>Adds or replaces a version's row (keyed by version) by compare-and-swap.</summary>
    public async Task AddVersionAsync(ModelManifest manifest, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!await VersionsBlob(manifest.Pipeline).ExistsAsync(ct).ConfigureAwait(false))
        {
            await RebuildVersionsAsync(manifest.Pipeline, ct).ConfigureAwait(false);
            return;
        }

        var row = VersionRow.From(manifest);
        await UpdateAsync<VersionRow>(VersionsBlob(manifest.Pipeline), rows => [.. rows.Where(r => r.Version != row.Version).Append(row).OrderBy(r => r.Version)], ct).ConfigureAwait(false);
    }

    /// <summary>Rebuilds both index blobs of a pipeline from its run reports and manifests.</summary>
    public async Task<DashboardIndex> RebuildAsync(string pipeline, CancellationToken ct = default) =>
        new(await RebuildRunsAsync(pipeline, ct).ConfigureAwait(false), await RebuildVersionsAsync(pipeline, ct).ConfigureAwait(false));

    // A page asking about a pipeline with no records writes nothing (a GET of any name must not create blobs).
    private async Task<IReadOnlyList<RunRow>> RebuildRunsAsync(string pipeline, CancellationToken ct, bool storeEmpty = true)
    {
        var ids = new List<string>();
        await foreach (var id in reports.ListRunIdsAsync(pipeline, ct).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        var rows = new RunRow?[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => rows[i] = await reports.ReadAsync(pipeline, ids[i], token).ConfigureAwait(false) is { } r
                ? RunRow.From(r, await arrivals.ArrivedAtAsync(r, token).ConfigureAwait(false)) : null).ConfigureAwait(false);
        IReadOnlyList<RunRow> built = [.. rows.OfType<RunRow>().OrderBy(r => r.StartedAt)];
        if (built.Count == 0 && !storeEmpty)
        {
            return built;
        }

        await RunsBlob(pipeline).UploadAsync(BinaryData.FromObjectAsJson(built, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
        return built;
    }

    private async Task<IReadOnlyList<VersionRow>> RebuildVersionsAsync(string pipeline, CancellationToken ct, bool storeEmpty = true)
    {
        IReadOnlyList<VersionRow> built = [.. (await registry.ListManifestsAsync(pipeline, ct).ConfigureAwait(false)).Select(VersionRow.From)];
        if (built.Count == 0 && !storeEmpty)
        {
            return built;
        }

        await VersionsBlob(pipeline).UploadAsync(BinaryData.FromObjectAsJson(built, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
        return built;
    }

    private static async Task<(IReadOnlyList<T>? Rows, ETag? ETag)> ReadAsync<T>(BlobClient blob, CancellationToken ct)
    {
        var content = await blob.DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? (null, null) : (content.Content.ToObjectFromJson<List<T>>(SpecJson.Options), content.Details.ETag);
    }

    /// <summary>Read, change, write with If-Match (If-None-Match: * when absent); another writer in between means read again.</summary>
    private static async Task UpdateAsync<T>(BlobClient blob, Func<IReadOnlyList<T>, IReadOnlyList<T>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (rows, etag) = await ReadAsync<T>(blob, ct).ConfigureAwait(false);
            var conditions = etag is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await blob.UploadAsync(BinaryData.FromObjectAsJson(change(rows ?? []), SpecJson.Options),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone else updated the index first; retry on top of their version.
            }
        }
    }

    private static string Require(string pipeline) =>
        PipelineNames.IsValid(pipeline) ? pipeline : throw new ArgumentException($"'{pipeline}' is not a pipeline name: {PipelineNames.Rule}", nameof(pipeline));
}
