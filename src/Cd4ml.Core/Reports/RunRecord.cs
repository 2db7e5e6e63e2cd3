using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Reports;

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    /// <summary>A new version was published and is now champion.</summary>
    Promoted,

    /// <summary>Candidates were trained and compared; the champion stays.</summary>
    ChampionKept,

    /// <summary>The dataset failed a check and went to quarantine; nothing was trained.</summary>
    DataRejected,

    /// <summary>The run could not finish; the champion is untouched.</summary>
    Failed,

    /// <summary>Every automatic gate passed, then a person rejected the candidate; the champion is untouched.</summary>
    Rejected,

    /// <summary>Every automatic gate passed, but no approval arrived in time; the champion is untouched.</summary>
    Expired,

    /// <summary>
    /// The same content with the same spec already ran (or is running) as another run, named in
    /// <see cref="RunRecord.DuplicateOf"/>; nothing was trained. A re-upload or a copy of a dataset ends here.
    /// </summary>
    AlreadyRan,
}

/// <summary>A person's answer to a run waiting for approval.</summary>
public sealed record ApprovalDecision(bool Approved, string By, string? Comment);

/// <summary>One trained candidate as the run saw it.</summary>
public sealed record CandidateResult(
    string Id,
    string Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    double TrainingSeconds,
    string? ModelBlob,
    string? Sha256,
    long HoldoutRows,
    string? Problem)
{
    /// <summary>Its answer for every holdout row (<c>holdout.json</c>, runs container), for the significance and fairness gates.</summary>
    public string? PredictionsBlob { get; init; }

    /// <summary>Managed bytes allocated while fitting: what training cost in memory, measured per candidate.</summary>
    public long? ManagedBytesAllocated { get; init; }

    /// <summary>The process's peak working set while fitting (shared by candidates training at the same time).</summary>
    public long? PeakWorkingSetBytes { get; init; }

    /// <summary>Cross-validation on the training part, when the spec asks for it.</summary>
    public CrossValidationResult? CrossValidation { get; init; }

    /// <summary>
    /// The metrics it was selected on when several candidates competed: measured on validation rows of the training part
    /// (cross-validation or an inner split), never on the holdout. Null for a single candidate and in older runs.
    /// </summary>
    public SelectionEvidence? Selection { get; init; }

    /// <summary>The decision threshold baked into a binary model, and where it came from; null for other tasks and older runs.</summary>
    public DecisionThreshold? DecisionThreshold { get; init; }

    /// <summary>A binary model's precision–recall and calibration curves on the holdout; null for other tasks and older runs.</summary>
    public DecisionCurves? Curves { get; init; }

    /// <summary>The process that trained it, <c>{host name}-{process id}</c>: where a run's candidates spread over workers.</summary>
    public string? Worker { get; init; }

    /// <summary>When training started and ended on that worker (UTC), so a stage's overlap across workers can be read off.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Where its time went on the worker besides <see cref="TrainingSeconds"/> (load, validation, evaluation, save, upload); null in older runs.</summary>
    public CandidateSteps? Steps { get; init; }
}

/// <summary>The champion at the start of the run, scored on the run's holdout.</summary>
public sealed record ChampionResult(int Version, string RunId, IReadOnlyDictionary<string, double> Metrics, string? Problem)
{
    /// <summary>Its answer for every holdout row, in the candidates' row order (runs container).</summary>
    public string? PredictionsBlob { get; init; }

    /// <summary>
    /// The champion alias's generation when it was evaluated: publishing moves the alias only if it is still this
    /// generation (null in runs evaluated before it was kept; they compare the version).
    /// </summary>
    public long? Generation { get; init; }
}

/// <summary>
/// The full record of a run, promoted or not: <c>runs/{pipeline}/{runId}/report.json</c>. It is also the
/// orchestration's output, so the API and CLI show the same thing.
/// </summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }

    public required string Pipeline { get; init; }

    /// <summary>
    /// How many times the champion had changed when this run came to publish, so it was scored again on this run's
    /// holdout and the decision made again (pipeline version 4); 0 when it was still the one evaluated.
    /// </summary>
    public int Redecisions { get; init; }

    public required RunOutcome Outcome { get; init; }

    public required string Message { get; init; }

    public required RunTrigger Trigger { get; init; }

    public required DatasetLineage Dataset { get; init; }

    public required string SpecHash { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    public IReadOnlyList<CandidateResult> Candidates { get; init; } = [];

    /// <summary>The rungs of the spec's search, when it has one; <see cref="Candidates"/> are then its last rung.</summary>
    public SearchReport? Search { get; init; }

    public ChampionResult? Champion { get; init; }

    public Decision? Decision { get; init; }

    public int? PublishedVersion { get; init; }

    /// <summary>For <see cref="RunOutcome.AlreadyRan"/>: the run that had this dataset content and spec first.</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>The orchestration version that ran it (<c>PipelineVersions</c>); empty for runs before versions were recorded.</summary>
    public string? PipelineVersion { get; init; }

    /// <summary>The winner's smoke test, when the policy chose one.</summary>
    public SmokeTestSummary? SmokeTest { get; init; }

    /// <summary>Whether the winner has an ONNX edge artifact, and if not, why.</summary>
    public EdgeExport? Edge { get; init; }

    /// <summary>Where the rejected dataset and its report were put, when the checks failed.</summary>
    public string? QuarantineFolder { get; init; }
}
