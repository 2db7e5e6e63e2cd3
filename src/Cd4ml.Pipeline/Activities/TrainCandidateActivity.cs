using Azure.Storage.Blobs;
using Cd4ml.Core.Data;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Trains one candidate on the run's split and stages its model under the run
/// (<c>runs/{pipeline}/{runId}/candidates/{id}/model.zip</c>); only a promoted one becomes a version.
/// </summary>
public sealed class TrainCandidateActivity(SnapshotCache cache, BlobServiceClient service) : TaskActivity<TrainCandidateInput, CandidateResult>
{
    public static string StagedModelBlob(string pipeline, string runId, string candidateId) =>
        $"{pipeline}/{runId}/candidates/{candidateId}/model.zip";

    public override async Task<CandidateResult> RunAsync(TaskActivityContext context, TrainCandidateInput input)
    {
        var path = await cache.GetLocalPathAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
        var ml = new MLContext(input.Spec.Seed);
        var data = TrainingData.Load(ml, path, input.Shape.Columns, input.Shape.LabelValues, input.Spec);
        var trained = CandidateTrainer.Train(ml, data, input.Trainer, input.Spec.Seed);

        var blobName = StagedModelBlob(input.Pipeline, input.RunId, input.CandidateId);
        await service.GetBlobContainerClient(Containers.Runs).GetBlobClient(blobName)
            .UploadAsync(BinaryData.FromBytes(trained.ModelZip), overwrite: true).ConfigureAwait(false);

        return new CandidateResult(
            input.CandidateId,
            input.Trainer.Name,
            input.Trainer.Parameters,
            trained.Metrics.Values,
            trained.TrainingSeconds,
            $"{Containers.Runs}/{blobName}",
            trained.Sha256,
            trained.Metrics.HoldoutRows,
            trained.Metrics.Problem);
    }
}
