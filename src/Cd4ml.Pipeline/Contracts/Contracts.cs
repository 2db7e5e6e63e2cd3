using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Search;

namespace Cd4ml.Pipeline.Contracts;

// Orchestration and activity payloads stay small: names, hashes and metrics. Data moves through blobs, and from
// version 3 on the spec too: activities get a RunRef and read the run's spec (stored once, runs/{p}/{runId}/spec.json)
// through the cached RunSpecs; Spec fields are set only by runs of earlier versions, which passed it inline.

/// <summary>Which run an activity works for: enough to find its spec, snapshot and artifacts.</summary>
public sealed record RunRef(string RunId, string Pipeline, string DatasetSha256, string SpecHash);

/// <summary>The input of <c>TrainingPipeline</c>: which spec, which exact dataset version, and why.</summary>
/// <param name="Spec">The pipeline.</param>
/// <param name="SpecHash">Its canonical hash.</param>
/// <param name="Dataset">The blob version; its SHA-256 is empty until the run hashes it (version 2 and later).</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="Repeat">A forced repeat: run even if the same content and spec already ran.</param>
public sealed record PipelineRunRequest(PipelineSpec Spec, string SpecHash, DatasetVersion Dataset, RunTrigger Trigger, bool Repeat = false);

/// <summary>What <c>SetCustomStatus</c> reports while a run works, for <c>GET /api/runs/{id}</c> and the CLI.</summary>
public sealed record RunProgress(string Stage, string Detail);

public sealed record SnapshotInput(string Pipeline, DatasetVersion Dataset);

/// <summary>The dataset version with its SHA-256, and where its snapshot is.</summary>
public sealed record SnapshotOutput(DatasetVersion Dataset, string SnapshotBlob);

public sealed record ClaimContentInput(string Pipeline, string RunId, string ContentRunId, DateTimeOffset At);

/// <summary>The column kinds and label values the check found; training reads the snapshot with exactly these.</summary>
public sealed record DatasetShape(IReadOnlyList<DatasetColumn> Columns, IReadOnlyList<string> LabelValues);

public sealed record ProfileInput(string Pipeline, string Sha256, string Label);

/// <summary>A summary of the stored profile; the full profile stays in <see cref="ProfileBlob"/> (snapshots container).</summary>
public sealed record ProfileOutput(long Rows, int Columns, string ProfileBlob, DatasetShape Shape);

/// <summary>The champion at the start of a run and the snapshot it was trained on (null for versions published before snapshots were recorded).</summary>
public sealed record ChampionReference(int Version, string? DatasetSha256);

/// <summary>One data check to run on a snapshot's profile.</summary>
public sealed record DataCheckInput(string Pipeline, string Sha256, PipelineSpec? Spec, string Check, ChampionReference? Champion, RunRef? Run = null);

public sealed record CheckOutput(long Rows, IReadOnlyList<CheckResult> Checks, DatasetShape Shape)
{
    public bool Passed => Checks.All(c => c.Status != CheckStatus.Fail);
}

public sealed record QuarantineInput(string RunId, string Pipeline, DatasetVersion Dataset, DateTimeOffset At, IReadOnlyList<CheckResult> Checks);

public sealed record TrainCandidateInput(string RunId, string Pipeline, string Sha256, PipelineSpec? Spec, DatasetShape Shape, string CandidateId, TrainerSpec Trainer, RunRef? Run = null)
{
    /// <summary>A rung of a search below the last: train on this share of the training rows. Null: all of them.</summary>
    public SearchBudget? Budget { get; init; }
}

public sealed record EvaluateChampionInput(string Pipeline, string Sha256, PipelineSpec? Spec, DatasetShape Shape, string RunId, RunRef? Run = null);

/// <summary>The candidates and the champion as the run scored them; the predictions are read from their blobs.</summary>
public sealed record DecideInput(PipelineSpec? Spec, IReadOnlyList<CandidateResult> Candidates, ChampionResult? Champion, RunRef? Run = null);

/// <summary>The winner to smoke-test and export, on the run's own holdout rows.</summary>
public sealed record VerifyInput(string Pipeline, string RunId, string Sha256, PipelineSpec? Spec, DatasetShape Shape, CandidateResult Winner, RunRef? Run = null);

/// <summary>The smoke test's verdict and the edge export's outcome; <see cref="OnnxBlob"/> is the staged model.onnx, when there is one.</summary>
public sealed record VerifyOutput(SmokeTestSummary SmokeTest, EdgeExport Edge, string? OnnxBlob);

/// <summary>
/// What publishing needs: from version 3 on the run by reference and its trigger; earlier runs sent the whole request.
/// <see cref="ExpectedGeneration"/> is the champion alias's generation when the champion was evaluated (0: there was
/// none); the alias moves only if it is still that generation.
/// </summary>
public sealed record PublishInput(
    string RunId,
    PipelineRunRequest? Request,
    DatasetLineage Dataset,
    CandidateResult Winner,
    int? ExpectedChampion,
    Core.Promotion.Decision Decision,
    DateTimeOffset At,
    IReadOnlyList<CheckResult>? Checks = null,
    VerifyOutput? Verification = null,
    string? ApprovedBy = null,
    RunRef? Run = null,
    RunTrigger? Trigger = null,
    long? ExpectedGeneration = null)
{
    /// <summary>The run's search rungs, kept in the version's manifest and card; null without a search.</summary>
    public SearchReport? Search { get; init; }
}

public sealed record PublishOutput(int Version, AliasMoveOutcome AliasOutcome, string Message);

/// <summary>
/// What deciding against the current champion and publishing need (pipeline version 4): the run, the candidates and
/// the champion as the run scored them, and the publish request built from the run's own decision.
/// </summary>
public sealed record PromoteInput(RunRef Run, DatasetShape Shape, IReadOnlyList<CandidateResult> Candidates, ChampionResult? Champion, PublishInput Publish);

/// <summary>
/// How promotion ended: <see cref="Published"/> is null when nothing was published (the decision against the current
/// champion failed, or the champion kept changing); <see cref="Decision"/> and <see cref="Champion"/> are the ones
/// the final decision was made with; <see cref="Redecisions"/> counts the times the champion had changed.
/// </summary>
public sealed record PromoteOutput(PublishOutput? Published, Core.Promotion.Decision Decision, ChampionResult? Champion, int Redecisions, string Message);

public sealed record WriteReportInput(RunRecord Record);

/// <summary>An approval, rejection or expiry, for the pipeline's audit log.</summary>
public sealed record ApprovalAuditInput(string Pipeline, string RunId, string Action, string By, string Reason, DateTimeOffset At);
