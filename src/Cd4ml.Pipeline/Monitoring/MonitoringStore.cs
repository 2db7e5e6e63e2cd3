using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// The blobs monitoring reads and writes: predictions and their manifests, feedback, scored input copies, incidents
/// and the report. Paths: docs/architecture.md.
/// </summary>
public sealed class MonitoringStore(BlobServiceClient service)
{
    /// <summary>
    /// Feedback files larger than this are reported and not read: their labels are held in memory (one entry per labelled
    /// row) while predictions stream past them. Predictions, scored inputs and online samples are streamed and have no limit.
    /// </summary>
    public const long MaxFeedbackBytes = 256L << 20;

    /// <summary>Blobs read whole (the training snapshot for a retraining dataset) larger than this are reported and not read.</summary>
    public const long MaxTextBytes = 256L << 20;

    /// <summary>A predictions file (in <c>predictions</c>), written by scoring.</summary>
    public static string PredictionsBlob(string pipeline, string name) => Core.Scoring.ScoringBlobs.Output(pipeline, name).Name;

    /// <summary>A predictions file's manifest (in <c>predictions</c>), written by scoring after the CSV.</summary>
    public static string PredictionsManifestBlob(string pipeline, string name) => Core.Scoring.ScoringBlobs.OutputManifest(pipeline, name).Name;

    /// <summary>A feedback file (in <c>feedback</c>), dropped by users.</summary>
    public static string FeedbackBlob(string pipeline, string name) => $"{pipeline}/{name}.csv";

    /// <summary>The exact bytes of a scored input (in <c>monitoring</c>), written once by scoring.</summary>
    public static string ScoredInputBlob(string pipeline, string inputSha256) => Core.Scoring.ScoringBlobs.ScoredInput(pipeline, inputSha256).Name;

    public static string ReportBlob(string pipeline) => $"{pipeline}/report.json";

    public static string ReportHtmlBlob(string pipeline) => $"{pipeline}/report.html";

    public static string IncidentBlob(string pipeline, string id) => $"{pipeline}/incidents/{id}.json";

    /// <summary>One marker per judged window that opened an incident, created with If-None-Match so two evaluations open one.</summary>
    public static string ClaimBlob(string pipeline, int version, string window) => $"{pipeline}/_claims/v{version}-{window}.json";

    private BlobContainerClient Monitoring => service.GetBlobContainerClient(Containers.Monitoring);

    /// <summary>
    /// Every predictions file of the pipeline that has its manifest: (name, manifest). Files without a manifest yet are
    /// skipped (scoring writes the CSV first); the CSV itself is streamed later by <see cref="OpenAsync"/>.
    /// </summary>
    public async Task<List<(string Name, PredictionsManifest Manifest)>> ListPredictionsAsync(string pipeline, List<string> problems, CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(Containers.Predictions);
        var result = new List<(string, PredictionsManifest)>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var json = await ReadTextAsync(container, blob.Name, problems, ct).ConfigureAwait(false);
            if (json is null)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<PredictionsManifest>(json, SpecJson.Options) is { } manifest)
                {
                    result.Add((blob.Name[(pipeline.Length + 1)..^5], manifest));
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"{Containers.Predictions}/{blob.Name}: not a predictions manifest ({ex.Path ?? "$"}, line {ex.LineNumber + 1}: {ex.Message})");
            }
        }

        return result;
    }

    /// <summary>Every feedback file of the pipeline: (name, blob, when it arrived), in arrival order. Files over <see cref="MaxFeedbackBytes"/> are reported and left out.</summary>
    public async Task<List<(string Name, string Blob, DateTimeOffset ArrivedAt)>> ListFeedbackAsync(string pipeline, List<string> problems, CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(Containers.Feedback);
        var result = new List<(string Name, string Blob, DateTimeOffset ArrivedAt)>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
        {
            if (!blob.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (blob.Properties.ContentLength > MaxFeedbackBytes)
            {
                problems.Add($"{Containers.Feedback}/{blob.Name}: {blob.Properties.ContentLength} bytes, over the {MaxFeedbackBytes} bytes a feedback file may have " +
                    "(its labels are held in memory); not read: split it into smaller files");
                continue;
            }

            result.Add((blob.Name[(pipeline.Length + 1)..^4], blob.Name, blob.Properties.LastModified ?? DateTimeOffset.MinValue));
        }

        return [.. result.OrderBy(f => f.ArrivedAt).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The online samples of the pipeline (<c>monitoring/{p}/online/{yyyy-MM-dd}/{HHmmssfff}-{requestId}.csv</c>): (name, blob,
    /// when scored). The name is the blob's path under the pipeline without <c>.csv</c>; the time is the one in the path.
    /// </summary>
    public async Task<List<(string Name, string Blob, DateTimeOffset ScoredAt)>> ListOnlineSamplesAsync(string pipeline, CancellationToken ct)
    {
        var result = new List<(string, string, DateTimeOffset)>();
        await foreach (var blob in Monitoring.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/online/", ct).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(".csv", StringComparison.Ordinal))
            {
                var parts = blob.Name.Split('/');
                var at = parts.Length >= 4 && parts[^1].Length > 9 && DateTimeOffset.TryParseExact($"{parts[^2]} {parts[^1][..9]}", "yyyy-MM-dd HHmmssfff",
                    System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : blob.Properties.LastModified ?? DateTimeOffset.MinValue;
                result.Add((blob.Name[(pipeline.Length + 1)..^4], blob.Name, at));
            }
        }

        return result;
    }

    /// <summary>A blob to stream, or null when it is missing.</summary>
    public async Task<Stream?> OpenAsync(string container, string blob, CancellationToken ct)
    {
        try
        {
            return await service.GetBlobContainerClient(container).GetBlobClient(blob).OpenReadAsync(cancellationToken: ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            return null;
        }
    }

    /// <summary>A scored input copy (<c>monitoring/{p}/scored/{sha}.csv</c>) to stream, or null when it is missing or elsewhere.</summary>
    /// <param name="inputBlob">The manifest's <c>inputBlob</c>, a blob address: <c>monitoring/{pipeline}/scored/{sha256}.csv</c>.</param>
    /// <param name="problems">Where a copy outside the monitoring container is reported.</param>
    /// <param name="ct">Cancels the read.</param>
    public async Task<Stream?> OpenScoredInputAsync(string inputBlob, List<string> problems, CancellationToken ct)
    {
        // The copy is read (and may become retraining data) only from where scoring keeps it, whatever a manifest says.
        var address = inputBlob.Contains('/', StringComparison.Ordinal) ? BlobAddress.Parse(inputBlob) : default;
        if (address.Container != Containers.Monitoring)
        {
            problems.Add($"the scored input '{inputBlob}' is not in the {Containers.Monitoring} container; it is not read");
            return null;
        }

        return await OpenAsync(Containers.Monitoring, address.Name, ct).ConfigureAwait(false);
    }

    /// <summary>A text blob of any container (e.g. the training snapshot), or null when it is missing.</summary>
    public Task<string?> ReadTextAsync(string container, string blob, List<string> problems, CancellationToken ct) =>
        ReadTextAsync(service.GetBlobContainerClient(container), blob, problems, ct);

    public async Task<List<(Incident Incident, ETag ETag)>> ListIncidentsAsync(string pipeline, CancellationToken ct)
    {
        var result = new List<(Incident, ETag)>();
        await foreach (var blob in Monitoring.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/incidents/", ct).ConfigureAwait(false))
        {
            if (await Monitoring.GetBlobClient(blob.Name).DownloadOrNullAsync(ct).ConfigureAwait(false) is { } content
                && content.Content.ToObjectFromJson<Incident>(SpecJson.Options) is { } incident)
            {
                result.Add((incident, content.Details.ETag));
            }
        }

        return result.OrderBy(i => i.Item1.OpenedAt).ToList();
    }

    /// <summary>
    /// Writes a new incident (If-None-Match; false when it was already written) or replaces one it read (If-Match its
    /// ETag; a change in between fails, and the retried evaluation sees it).
    /// </summary>
    public async Task<bool> WriteIncidentAsync(Incident incident, ETag? expected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await Monitoring.GetBlobClient(IncidentBlob(incident.Pipeline, incident.Id))
                .UploadAsync(BinaryData.FromObjectAsJson(incident, SpecJson.Options), new BlobUploadOptions { Conditions = conditions }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (expected is null && ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Claims a window for an incident, created with If-None-Match so two evaluations open one. Returns the claim that
    /// stands: this one, or the earlier one (whose incident may not be written yet if its evaluation stopped half-way).
    /// </summary>
    public async Task<IncidentClaim> ClaimAsync(string pipeline, int version, string window, IncidentClaim claim, CancellationToken ct)
    {
        var blob = Monitoring.GetBlobClient(ClaimBlob(pipeline, version, window));
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(claim, SpecJson.Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
            return claim;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var existing = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
            return existing.Value.Content.ToObjectFromJson<IncidentClaim>(SpecJson.Options) ?? claim;
        }
    }

    public async Task<bool> IncidentExistsAsync(string pipeline, string id, CancellationToken ct) =>
        await Monitoring.GetBlobClient(IncidentBlob(pipeline, id)).ExistsAsync(ct).ConfigureAwait(false);

    public async Task WriteReportAsync(MonitoringReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        await Monitoring.GetBlobClient(ReportBlob(report.Pipeline)).UploadAsync(BinaryData.FromObjectAsJson(report, SpecJson.Options),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct).ConfigureAwait(false);
        await Monitoring.GetBlobClient(ReportHtmlBlob(report.Pipeline)).UploadAsync(BinaryData.FromString(MonitoringReportHtml.Render(report)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, ct).ConfigureAwait(false);
    }

    public async Task<MonitoringReport?> ReadReportAsync(string pipeline, CancellationToken ct)
    {
        var content = await Monitoring.GetBlobClient(ReportBlob(pipeline)).DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content?.Content.ToObjectFromJson<MonitoringReport>(SpecJson.Options);
    }

    /// <summary>Drops a retraining dataset; false when it was already dropped (a repeated evaluation).</summary>
    public async Task<bool> DropDatasetAsync(string blob, string csv, CancellationToken ct)
    {
        try
        {
            await service.GetBlobContainerClient(Containers.Datasets).GetBlobClient(blob).UploadAsync(BinaryData.FromString(csv),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static async Task<string?> ReadTextAsync(BlobContainerClient container, string blob, List<string> problems, CancellationToken ct)
    {
        var client = container.GetBlobClient(blob);
        try
        {
            var properties = await client.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
            if (properties.Value.ContentLength > MaxTextBytes)
            {
                problems.Add($"{container.Name}/{blob}: {properties.Value.ContentLength} bytes, over the {MaxTextBytes} bytes monitoring reads whole; not read");
                return null;
            }
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            return null;
        }

        var content = await client.DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content?.Content.ToString();
    }
}

/// <summary>The claim of a degraded window: which incident it opens, and when.</summary>
public sealed record IncidentClaim(string Incident, DateTimeOffset OpenedAt);
