using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Checks;

/// <summary>The quarantine report: why a dataset was refused, and (when it could be read) its profile with the line numbers of each problem.</summary>
public sealed record QuarantineReport(string Pipeline, string RunId, string SourceBlob, string Sha256, DateTimeOffset At, IReadOnlyList<CheckResult> Checks)
{
    public DatasetProfile? Profile { get; init; }
}

/// <summary>
/// Puts a rejected dataset aside with the report saying why: <c>quarantine/{pipeline}/{sha256}/data.csv</c>, and each
/// run's reports in <c>{runId}/</c> beside it, so a second spec that rejects the same data does not overwrite the
/// first one's reasons. Nothing is deleted: the original drop and its snapshot stay where they are.
/// </summary>
public sealed class QuarantineStore(BlobServiceClient service)
{
    public static string Folder(string pipeline, string sha256) => $"{pipeline}/{sha256}";

    /// <summary>Where one run's reports about the dataset go: <c>report.json</c>, <c>report.md</c>, <c>report.html</c>.</summary>
    public static string ReportFolder(string pipeline, string sha256, string runId) => $"{Folder(pipeline, sha256)}/{BlobNames.Require(runId, "run id")}";

    /// <summary>Quarantines the dataset and writes the run's reports; returns the reports' folder (<c>quarantine/…/{runId}</c>).</summary>
    public async Task<string> QuarantineAsync(QuarantineReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var folder = Folder(report.Pipeline, report.Sha256);
        var reports = ReportFolder(report.Pipeline, report.Sha256, report.RunId);
        var quarantine = service.GetBlobContainerClient(Containers.Quarantine);
        var data = quarantine.GetBlobClient($"{folder}/data.csv");
        if (!await data.ExistsAsync(ct).ConfigureAwait(false))
        {
            var snapshot = service.GetBlobContainerClient(Containers.Snapshots).GetBlobClient(SnapshotStore.SnapshotBlob(report.Pipeline, report.Sha256));
            try
            {
                var copy = await data.StartCopyFromUriAsync(snapshot.Uri,
                    new BlobCopyFromUriOptions { DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct).ConfigureAwait(false);
                await copy.WaitForCompletionAsync(ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Already quarantined by an earlier attempt: same content, same place.
            }
        }

        await quarantine.GetBlobClient($"{reports}/report.json")
            .UploadAsync(BinaryData.FromObjectAsJson(report, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
        await quarantine.GetBlobClient($"{reports}/report.md")
            .UploadAsync(BinaryData.FromString(ToMarkdown(report)), overwrite: true, ct).ConfigureAwait(false);
        await quarantine.GetBlobClient($"{reports}/report.html").UploadAsync(
            BinaryData.FromString(QuarantineReportHtml.Render(report)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, ct).ConfigureAwait(false);
        return $"{Containers.Quarantine}/{reports}";
    }

    /// <summary>
    /// Every run's report about one quarantined dataset, oldest first: one listing of <c>quarantine/{pipeline}/{sha256}/</c>
    /// and one read per report (a dataset is rejected by a handful of runs, not thousands).
    /// </summary>
    public async Task<IReadOnlyList<QuarantineReport>> ListReportsAsync(string pipeline, string sha256, CancellationToken ct = default)
    {
        var quarantine = service.GetBlobContainerClient(Containers.Quarantine);
        var reports = new List<QuarantineReport>();
        try
        {
            await foreach (var item in quarantine.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Folder(pipeline, sha256)}/", ct).ConfigureAwait(false))
            {
                if (item.Name.EndsWith("/report.json", StringComparison.Ordinal)
                    && await quarantine.GetBlobClient(item.Name).ReadJsonOrNullAsync<QuarantineReport>(ct).ConfigureAwait(false) is { } report)
                {
                    reports.Add(report);
                }
            }
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            // No quarantine container yet: nothing was ever rejected.
        }

        return [.. reports.OrderBy(r => r.At)];
    }

    /// <summary>One run's self-contained HTML report about a quarantined dataset, or null when there is none.</summary>
    public async Task<BinaryData?> ReadReportHtmlAsync(string pipeline, string sha256, string runId, CancellationToken ct = default) =>
        (await service.GetBlobContainerClient(Containers.Quarantine).GetBlobClient($"{ReportFolder(pipeline, sha256, runId)}/report.html")
            .DownloadOrNullAsync(ct).ConfigureAwait(false))?.Content;

    /// <summary>The report as Markdown; every value from the data or the checks is escaped (<see cref="MarkdownText"/>).</summary>
    public static string ToMarkdown(QuarantineReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder()
            .AppendLine($"# Dataset rejected: {MarkdownText.Escape(report.Pipeline)}")
            .AppendLine()
            .AppendLine($"- source: {MarkdownText.Escape(report.SourceBlob)}")
            .AppendLine($"- data: {MarkdownText.Escape($"{Containers.Quarantine}/{Folder(report.Pipeline, report.Sha256)}/data.csv")}")
            .AppendLine($"- sha256: `{report.Sha256}`")
            .AppendLine($"- run: {MarkdownText.Escape(report.RunId)}")
            .AppendLine(CultureInfo.InvariantCulture, $"- at: {report.At:O}")
            .AppendLine()
            .AppendLine("| check | column | status | observed | threshold | message |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var check in report.Checks.OrderByDescending(c => c.Status))
        {
            text.AppendLine($"| {MarkdownText.Escape(check.Name)} | {MarkdownText.Escape(check.Column ?? "")} | {check.Status.ToString().ToUpperInvariant()} | {MarkdownText.Escape(check.Observed)} | {MarkdownText.Escape(check.Threshold)} | {MarkdownText.Escape(check.Message)} |");
        }

        return text.ToString();
    }
}
