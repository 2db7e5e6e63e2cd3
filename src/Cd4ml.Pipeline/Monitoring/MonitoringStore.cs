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
    /// <summary>Files larger than this are reported and not read: monitoring reads its inputs whole.</summary>
    public const long MaxFileBytes = 256L << 20;

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

    /// <summary>Every predictions file of the pipeline with its manifest: (name, manifest, table). Files without a manifest yet are skipped (scoring writes the CSV first).</summary>
    public async Task<List<(string Name, PredictionsManifest Manifest, CsvTable Table)>> ReadPredictionsAsync(string pipeline, List<string> problems, CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(Containers.Predictions);
        var result = new List<(string, PredictionsManifest, CsvTable)>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var name = blob.Name[(pipeline.Length + 1)..^5];
            var json = await ReadTextAsync(container, blob.Name, problems, ct).ConfigureAwait(false);
            var csv = await ReadTextAsync(container, PredictionsBlob(pipeline, name), problems, ct).ConfigureAwait(false);
            if (json is null || csv is null)
            {
                continue;
            }

            PredictionsManifest? manifest;
            try
            {
                manifest = JsonSerializer.Deserialize<PredictionsManifest>(json, SpecJson.Options);
            }
            catch (JsonException ex)
            {
                problems.Add($"{Containers.Predictions}/{blob.Name}: not a predictions manifest ({ex.Path ?? "$"}, line {ex.LineNumber + 1}: {ex.Message})");
                continue;
            }

            if (manifest is null)
            {
                continue;
            }

            result.Add((name, manifest, CsvTable.Parse($"{Containers.Predictions}/{PredictionsBlob(pipeline, name)}", csv)));
        }

        return result;
    }

    /// <summary>Every feedback file of the pipeline, with when it arrived (last modified).</summary>
    public async Task<List<FeedbackFile>> ReadFeedbackAsync(string pipeline, List<string> problems, CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(Containers.Feedback);
        var result = new List<FeedbackFile>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
        {
            if (!blob.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || await ReadTextAsync(container, blob.Name, problems, ct).ConfigureAwait(false) is not { } text)
            {
                continue;
            }

            result.Add(new FeedbackFile(blob.Name[(pipeline.Length + 1)..^4], blob.Properties.LastModified ?? DateTimeOffset.MinValue,
                CsvTable.Parse($"{Containers.Feedback}/{blob.Name}", text)));
        }

        return result;
    }

    /// <summary>A scored input copy (<c>monitoring/{p}/scored/{sha}.csv</c>), or null when it is missing.</summary>
    /// <param name="inputBlob">The manifest's <c>inputBlob</c>, a blob address: <c>monitoring/{pipeline}/scored/{sha256}.csv</c>.</param>
    /// <param name="problems">Where a missing or unreadable copy is reported.</param>
    /// <param name="ct">Cancels the read.</param>
    public async Task<CsvTable?> ReadScoredInputAsync(string inputBlob, List<string> problems, CancellationToken ct)
    {
        // The copy is read (and may become retraining data) only from where scoring keeps it, whatever a manifest says.
        var address = inputBlob.Contains('/', StringComparison.Ordinal) ? BlobAddress.Parse(inputBlob) : default;
        if (address.Container != Containers.Monitoring)
        {
            problems.Add($"the scored input '{inputBlob}' is not in the {Containers.Monitoring} container; it is not read");
            return null;
        }

        var text = await ReadTextAsync(Monitoring, address.Name, problems, ct).ConfigureAwait(false);
        return text is null ? null : CsvTable.Parse(inputBlob, text);
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
            if (properties.Value.ContentLength > MaxFileBytes)
            {
                problems.Add($"{container.Name}/{blob}: {properties.Value.ContentLength} bytes, over the {MaxFileBytes} bytes monitoring reads; not read");
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
