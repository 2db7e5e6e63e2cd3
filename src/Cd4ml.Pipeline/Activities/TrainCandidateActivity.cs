using System.Diagnostics;
using Cd4ml.Core.Data;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Cd4ml.Core.Training.Loading;
using Cd4ml.Core.Training.Search;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Hosting;
using Microsoft.DurableTask;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Trains one candidate on the run's split and stages its model and holdout answers under the run
/// (<c>runs/{pipeline}/{runId}/candidates/{id}/</c>); only a promoted one becomes a version.
/// </summary>
public sealed class TrainCandidateActivity(
    SnapshotCache cache, SnapshotColumnsCache columns, ProfileStore profiles, RunArtifacts artifacts, RunSpecs specs, TimeProvider clock) : TaskActivity<TrainCandidateInput, CandidateResult>
{
    public override async Task<CandidateResult> RunAsync(TaskActivityContext context, TrainCandidateInput input)
    {
        var startedAt = clock.GetUtcNow();
        var path = await cache.GetLocalPathAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
        var spec = await specs.ResolveAsync(input.Spec, input.Pipeline, input.RunId).ConfigureAwait(false);
        var ml = new MLContext(spec.Seed);
        // The candidates of a run in this process share one in-memory copy of the snapshot's columns.
        var load = Stopwatch.StartNew();
        var data = await TrainingInputs.LoadAsync(ml, path, profiles, input.Pipeline, input.Sha256, spec, input.Shape, columns.Enabled ? columns : null).ConfigureAwait(false);
        if (input.Budget is { } budget)
        {
            // A rung of a search: every configuration of the rung is fitted and validated on the same seeded rows.
            data = data.WithTrainingShare(ml, budget.Share, SearchBudget.RowSeed(spec.Search?.Seed ?? spec.Seed));
        }

        var loadSeconds = load.Elapsed.TotalSeconds;

        // The plan is expanded from the stored spec, as the orchestrator did, so every candidate knows whether it competes;
        // a search always competes, so every configuration is measured on validation rows.
        var validation = ValidationPlan.For(spec, spec.Search is { } search ? search.MaxCandidates : CandidatePlan.Expand(spec).Count);
        var trained = CandidateTrainer.Train(ml, data, input.Trainer, spec.Seed, validation);

        var upload = Stopwatch.StartNew();
        var modelBlob = await artifacts.StageAsync(RunArtifacts.CandidateModel(input.Pipeline, input.RunId, input.CandidateId),
            BinaryData.FromBytes(trained.ModelZip)).ConfigureAwait(false);
        var predictionsBlob = await artifacts.StageAsync(RunArtifacts.CandidatePredictions(input.Pipeline, input.RunId, input.CandidateId),
            BinaryData.FromBytes(HoldoutPredictionsJson.Serialize(trained.Predictions))).ConfigureAwait(false);
        var steps = trained.Steps with { Load = loadSeconds, Upload = upload.Elapsed.TotalSeconds };

        return new CandidateResult(
            input.CandidateId,
            input.Trainer.Name,
            input.Trainer.Parameters,
            trained.Metrics.Values,
            trained.TrainingSeconds,
            modelBlob.ToString(),
            trained.Sha256,
            trained.Metrics.HoldoutRows,
            trained.Metrics.Problem)
        {
            PredictionsBlob = predictionsBlob.ToString(),
            ManagedBytesAllocated = trained.Cost.ManagedBytesAllocated,
            PeakWorkingSetBytes = trained.Cost.PeakWorkingSetBytes,
            CrossValidation = trained.CrossValidation,
            Selection = trained.Selection,
            DecisionThreshold = trained.Threshold,
            Curves = DecisionCurves.From(trained.Predictions),
            Worker = WorkerIdentity.Current,
            StartedAt = startedAt,
            EndedAt = clock.GetUtcNow(),
            Steps = steps,
        };
    }
}
