using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Scoring;

/// <summary>Why a scoring file was refused: the columns that did not match, or the cells that did not parse.</summary>
public sealed record ScoringRefusal
{
    public required string Pipeline { get; init; }

    public required string Source { get; init; }

    public required string SourceETag { get; init; }

    public string? InputSha256 { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The champion version whose schema the file was checked against.</summary>
    public required int ModelVersion { get; init; }

    public required string Reason { get; init; }

    public IReadOnlyList<string> MissingColumns { get; init; } = [];

    public IReadOnlyList<string> UnexpectedColumns { get; init; } = [];

    /// <summary>The first problems, with their line numbers.</summary>
    public IReadOnlyList<ScoringProblem> Problems { get; init; } = [];

    /// <summary>Every problem, listed or not.</summary>
    public long ProblemCount { get; init; }
}

/// <summary>
/// Puts a refused scoring file aside: <c>quarantine/{pipeline}/scoring/{name}/{etag}/data.csv</c> (a copy; the input
/// itself is never changed) with <c>report.json</c> and <c>report.md</c> saying why.
/// </summary>
public sealed class ScoringQuarantine(BlobServiceClient service)
{
    /// <summary>Copies the input (that exact version) and writes the reports; returns the folder as <c>quarantine/…/</c>.</summary>
    public async Task<string> QuarantineAsync(string name, ScoringRefusal refusal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var folder = ScoringBlobs.QuarantineFolder(refusal.Pipeline, name, refusal.SourceETag);
        var quarantine = service.GetBlobContainerClient(Containers.Quarantine);
        var source = BlobAddress.Parse(refusal.Source).Client(service);
        try
        {
            var copy = await quarantine.GetBlobClient(folder + "data.csv").StartCopyFromUriAsync(source.Uri, new BlobCopyFromUriOptions
            {
                SourceConditions = new BlobRequestConditions { IfMatch = new ETag(refusal.SourceETag) },
                DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct).ConfigureAwait(false);
            await copy.WaitForCompletionAsync(ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already copied by an earlier attempt: the same version of the same file.
        }

        await quarantine.GetBlobClient(folder + "report.json")
            .UploadAsync(BinaryData.FromObjectAsJson(refusal, ScoringJson.Options), overwrite: true, ct).ConfigureAwait(false);
        await quarantine.GetBlobClient(folder + "report.md")
            .UploadAsync(BinaryData.FromString(Markdown(refusal)), overwrite: true, ct).ConfigureAwait(false);
        return $"{Containers.Quarantine}/{folder}";
    }

    public static string Markdown(ScoringRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var text = new StringBuilder()
            .AppendLine($"# Scoring refused: {refusal.Source}")
            .AppendLine()
            .AppendLine($"- Pipeline: {refusal.Pipeline}")
            .AppendLine($"- Checked against: v{refusal.ModelVersion}")
            .AppendLine($"- ETag: {refusal.SourceETag}")
            .AppendLine($"- At: {refusal.At:O}")
            .AppendLine()
            .AppendLine(refusal.Reason)
            .AppendLine();
        if (refusal.Problems.Count > 0)
        {
            text.AppendLine($"| Line | Column | Value | Problem |").AppendLine("|---|---|---|---|");
            foreach (var p in refusal.Problems)
            {
                text.AppendLine($"| {p.Line} | {p.Column} | {p.Value?.Replace("|", "\\|", StringComparison.Ordinal)} | {p.Reason} |");
            }

            if (refusal.ProblemCount > refusal.Problems.Count)
            {
                text.AppendLine().AppendLine($"…and {refusal.ProblemCount - refusal.Problems.Count} more.");
            }
        }

        text.AppendLine().AppendLine("Nothing was scored. Fix the file and drop it again (a new version of the blob is scored as new).");
        return text.ToString();
    }
}
