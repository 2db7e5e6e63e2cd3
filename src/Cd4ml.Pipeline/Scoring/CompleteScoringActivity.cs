using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>
/// Finishes a scored file: keeps the exact input bytes at <c>monitoring/{pipeline}/scored/{sha256}.csv</c>, joins
/// the header and the staged parts into <c>predictions/{pipeline}/{name}.csv</c>, then writes the manifest (last, so
/// a manifest always describes a complete file), and drops the parts. Safe to repeat.
/// </summary>
public sealed class CompleteScoringActivity(ScoringModels models, ScoringStorage storage) : TaskActivity<CompleteScoringInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, CompleteScoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var service = storage.Service;
        var model = await models.GetAsync(request.Pipeline, input.Champion).ConfigureAwait(false);
        var kept = ScoringBlobs.ScoredInput(request.Pipeline, input.InputSha256);
        await KeepInputAsync(request, kept).ConfigureAwait(false);

        var output = ScoringBlobs.Output(request.Pipeline, request.Name);
        await using (var stream = await output.Client(service).OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
        }).ConfigureAwait(false))
        {
            var header = Encoding.UTF8.GetBytes(PredictionCsv.HeaderLine(model));
            await stream.WriteAsync(header).ConfigureAwait(false);
            for (var i = 0; i < input.Parts; i++)
            {
                await ScoringBlobs.Part(request.Pipeline, input.InstanceId, i).Client(service).DownloadToAsync(stream).ConfigureAwait(false);
            }
        }

        var manifest = new PredictionsManifest
        {
            Pipeline = request.Pipeline,
            Source = request.Source,
            SourceETag = request.ETag,
            InputSha256 = input.InputSha256,
            InputBlob = kept.ToString(),
            IdColumn = model.IdColumn,
            Rows = input.Rows,
            ScoredAt = input.ScoredAt,
            Versions = [new ScoringVersion(model.Version, model.Sha256, input.Rows)],
            LabelClasses = model.Task == TaskTypes.Regression ? null : model.Classes,
            PositiveClass = model.PositiveClass,
        };
        await ScoringBlobs.OutputManifest(request.Pipeline, request.Name).Client(service)
            .UploadAsync(BinaryData.FromObjectAsJson(manifest, ScoringJson.Options), overwrite: true).ConfigureAwait(false);
        await storage.DeleteStagingAsync(request.Pipeline, input.InstanceId).ConfigureAwait(false);
        return output.ToString();
    }

    /// <summary>Copies the scored version once; content-addressed, so an existing copy is already the same bytes.</summary>
    private async Task KeepInputAsync(ScoringRequest request, Core.Storage.BlobAddress kept)
    {
        try
        {
            var copy = await kept.Client(storage.Service).StartCopyFromUriAsync(storage.Input(request).Uri, new BlobCopyFromUriOptions
            {
                SourceConditions = new BlobRequestConditions { IfMatch = new ETag(request.ETag) },
                DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }).ConfigureAwait(false);
            await copy.WaitForCompletionAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 && ex.ErrorCode is "BlobAlreadyExists" or "TargetConditionNotMet" or null)
        {
            // Kept already (an earlier attempt, or the same bytes dropped under another name).
            if (!await kept.Client(storage.Service).ExistsAsync().ConfigureAwait(false))
            {
                throw;
            }
        }
    }
}
