using Azure.Storage.Blobs;
using Cd4ml.Core.Data;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Trains one candidate on the run's split and stages its model and holdout answers under the run
/// (<c>runs/{pipeline}/{runId}/candidates/{id}/</c>); only a promoted one becomes a version.
/// </summary>
public sealed class TrainCandidateActivity(SnapshotCache cache, ProfileStore profiles, BlobServiceClient service, TimeProvider clock) : TaskActivity<TrainCandidateInput, CandidateResult>
{
    public static string StagedModelBlob(string pipeline, string runId, string candidateId) =>
        $"{pipeline}/{runId}/candidates/{candidateId}/model.zip";

    public static string PredictionsBlob(string pipeline, string runId, string candidateId) =>
        $"{pipeline}/{runId}/candidates/{candidateId}/holdout.json";

    public override async Task<CandidateResult> RunAsync(TaskActivityContext context, TrainCandidateInput input)
    {
        var startedAt = clock.GetUtcNow();
        var path = await cache.GetLocalPathAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
        var ml = new MLContext(input.Spec.Seed);
        var data = await TrainingInputs.LoadAsync(ml, path, profiles, input.Pipeline, input.Sha256, input.Spec, input.Shape).ConfigureAwait(false);
        var trained = CandidateTrainer.Train(ml, data, input.Trainer, input.Spec.Seed, input.Spec.CrossValidationFolds);

        var runs = service.GetBlobContainerClient(Containers.Runs);
        var modelBlob = StagedModelBlob(input.Pipeline, input.RunId, input.CandidateId);
        var predictionsBlob = PredictionsBlob(input.Pipeline, input.RunId, input.CandidateId);
        await runs.GetBlobClient(modelBlob).UploadAsync(BinaryData.FromBytes(trained.ModelZip), overwrite: true).ConfigureAwait(false);
        await runs.GetBlobClient(predictionsBlob).UploadAsync(BinaryData.FromBytes(HoldoutPredictionsJson.Serialize(trained.Predictions)), overwrite: true).ConfigureAwait(false);

        return new CandidateResult(
            input.CandidateId,
            input.Trainer.Name,
            input.Trainer.Parameters,
            trained.Metrics.Values,
            trained.TrainingSeconds,
            $"{Containers.Runs}/{modelBlob}",
            trained.Sha256,
            trained.Metrics.HoldoutRows,
            trained.Metrics.Problem)
        {
            PredictionsBlob = $"{Containers.Runs}/{predictionsBlob}",
            ManagedBytesAllocated = trained.Cost.ManagedBytesAllocated,
            PeakWorkingSetBytes = trained.Cost.PeakWorkingSetBytes,
            CrossValidation = trained.CrossValidation,
            Worker = WorkerIdentity.Current,
            StartedAt = startedAt,
            EndedAt = clock.GetUtcNow(),
        };
    }
}
