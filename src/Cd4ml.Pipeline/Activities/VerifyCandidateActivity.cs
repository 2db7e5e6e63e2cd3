using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Training.Verification;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Proves the winner works as it will be consumed before it may be promoted: its staged zip is read back from
/// storage, its SHA-256 verified, and holdout rows scored one at a time (p50/p99 latency). Then, not gating, an
/// ONNX export is attempted and checked for parity with ONNX Runtime; a passing one is staged beside the model.
/// ONNX Runtime's own log goes to this activity's logger as warnings, never to the process's standard error.
/// </summary>
public sealed class VerifyCandidateActivity(SnapshotCache cache, ProfileStore profiles, RunArtifacts artifacts, RunSpecs specs, ILogger<VerifyCandidateActivity> logger)
    : TaskActivity<VerifyInput, VerifyOutput>
{
    public override async Task<VerifyOutput> RunAsync(TaskActivityContext context, VerifyInput input)
    {
        var winner = input.Winner;
        var zip = (await artifacts.ReadAsync(winner.ModelBlob!).ConfigureAwait(false)).ToArray();

        var path = await cache.GetLocalPathAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
        var spec = await specs.ResolveAsync(input.Spec, input.Pipeline, input.RunId).ConfigureAwait(false);
        var ml = new MLContext(spec.Seed);
        var data = await TrainingInputs.LoadAsync(ml, path, profiles, input.Pipeline, input.Sha256, spec, input.Shape).ConfigureAwait(false);
        var sample = VerificationSample.Take(ml, data.Holdout, data.Raw.Schema);

        var smoke = SmokeTester.Run(zip, winner.Sha256 ?? "", sample, ml: ml);
        var summary = new SmokeTestSummary(smoke.Passed, smoke.Reason, smoke.RowsScored, smoke.P50Ms, smoke.P99Ms);
        if (!smoke.Passed)
        {
            return new VerifyOutput(summary, new EdgeExport(false, "not attempted: the model failed its smoke test"), null);
        }

        using var stream = new MemoryStream(zip);
        var model = ml.Model.Load(stream, out _);
        var export = OnnxExport.TryExport(ml, model, sample, nativeLog: message => ActivityLog.OnnxRuntimeMessage(logger, winner.Id, input.RunId, message));
        var edge = EdgeExports.From(export);
        if (!edge.Published)
        {
            return new VerifyOutput(summary, edge, null);
        }

        var blob = await artifacts.StageAsync(RunArtifacts.CandidateOnnx(input.Pipeline, input.RunId, winner.Id), BinaryData.FromBytes(export.OnnxBytes!)).ConfigureAwait(false);
        return new VerifyOutput(summary, edge, blob.ToString());
    }
}
