using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Reports;

/// <summary>Reads and writes run records under <c>runs/{pipeline}/{runId}/</c>.</summary>
public sealed class RunReportStore(BlobServiceClient service)
{
    public static string ReportBlob(string pipeline, string runId) => $"{pipeline}/{runId}/report.json";

    private BlobContainerClient Runs => service.GetBlobContainerClient(Containers.Runs);

    /// <summary>Writes the report; keyed by run id, so a retried write replaces it with the same content.</summary>
    public async Task WriteAsync(RunRecord record, CancellationToken ct = default)
    {
        await Runs.GetBlobClient(ReportBlob(record.Pipeline, record.RunId))
            .UploadAsync(BinaryData.FromObjectAsJson(record, SpecJson.Options), overwrite: true, ct).ConfigureAwait(false);
    }

    /// <summary>The ids of a pipeline's runs that have a report, in listing order.</summary>
    public async IAsyncEnumerable<string> ListRunIdsAsync(string pipeline, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var blob in Runs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{pipeline}/", ct).ConfigureAwait(false))
        {
            // Only a report directly under a run's folder: runs/{pipeline}/{runId}/report.json.
            var rest = blob.Name[(pipeline.Length + 1)..];
            if (rest.EndsWith("/report.json", StringComparison.Ordinal) && rest.Count(c => c == '/') == 1)
            {
                yield return rest[..^"/report.json".Length];
            }
        }
    }

    public async Task<RunRecord?> ReadAsync(string pipeline, string runId, CancellationToken ct = default)
    {
        return await Runs.GetBlobClient(ReportBlob(pipeline, runId)).ReadJsonOrNullAsync<RunRecord>(ct).ConfigureAwait(false);
    }
}
