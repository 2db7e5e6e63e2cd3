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
/// Puts a rejected dataset aside with the report saying why: <c>quarantine/{pipeline}/{sha256}/</c>.
/// Nothing is deleted: the original drop and its snapshot stay where they are.
/// </summary>
public sealed class QuarantineStore(BlobServiceClient service)
{
    public static string Folder(string pipeline, string sha256) => $"{pipeline}/{sha256}";

    public async Task<string> QuarantineAsync(QuarantineReport report, CancellationToken ct = default)
    {
        var folder = Folder(report.Pipeline, report.Sha256);
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

        await quarantine.GetBlobClient($"{folder}/report.json")
            .UploadAsync(BinaryData.FromObjectAsJson(report, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
        await quarantine.GetBlobClient($"{folder}/report.md")
            .UploadAsync(BinaryData.FromString(ToMarkdown(report)), overwrite: true, ct).ConfigureAwait(false);
        await quarantine.GetBlobClient($"{folder}/report.html").UploadAsync(
            BinaryData.FromString(QuarantineReportHtml.Render(report)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, ct).ConfigureAwait(false);
        return $"{Containers.Quarantine}/{folder}";
    }

    private static string ToMarkdown(QuarantineReport report)
    {
        var text = new StringBuilder()
            .AppendLine($"# Dataset rejected: {report.Pipeline}")
            .AppendLine()
            .AppendLine($"- source: `{report.SourceBlob}`")
            .AppendLine($"- sha256: `{report.Sha256}`")
            .AppendLine($"- run: `{report.RunId}`")
            .AppendLine($"- at: {report.At:O}")
            .AppendLine()
            .AppendLine("| check | column | status | observed | threshold | message |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var check in report.Checks.OrderByDescending(c => c.Status))
        {
            text.AppendLine($"| {check.Name} | {Cell(check.Column ?? "")} | {check.Status.ToString().ToUpperInvariant()} | {Cell(check.Observed)} | {Cell(check.Threshold)} | {Cell(check.Message)} |");
        }

        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
