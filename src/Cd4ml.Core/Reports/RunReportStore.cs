using System.Net;
using Azure;
using Azure.Storage.Blobs;
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

    public async Task<RunRecord?> ReadAsync(string pipeline, string runId, CancellationToken ct = default)
    {
        try
        {
            var content = await Runs.GetBlobClient(ReportBlob(pipeline, runId)).DownloadContentAsync(ct).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<RunRecord>(SpecJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
