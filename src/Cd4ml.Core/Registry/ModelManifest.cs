using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Decisions;

using Cd4ml.Core.Reports;

namespace Cd4ml.Core.Registry;

/// <summary>
/// Everything needed to say where a model version came from: data, spec, trainer, seed, metrics,
/// package versions, trigger, run and the decision that published it. Stored as
/// <c>models/{pipeline}/versions/{n}/manifest.json</c> and never changed.
/// </summary>
public sealed record ModelManifest
{
    public required string Pipeline { get; init; }

    public int Version { get; init; }

    public required string RunId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DatasetLineage Dataset { get; init; }

    public required string SpecHash { get; init; }

    public required PipelineSpec Spec { get; init; }

    public required string CandidateId { get; init; }

    public required string Trainer { get; init; }

    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    public required int Seed { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required string ModelSha256 { get; init; }

    public required long ModelBytes { get; init; }

    public required IReadOnlyDictionary<string, string> PackageVersions { get; init; }

    public required RunTrigger Trigger { get; init; }

    public required Decision Decision { get; init; }

    /// <summary>The champion version this model was compared against, if any.</summary>
    public int? ComparedWithVersion { get; init; }

    /// <summary>The data checks of the run that trained this model, warnings included (empty when not recorded).</summary>
    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    /// <summary>Wall-clock seconds the winning candidate took to train; null for versions published before it was recorded.</summary>
    public double? TrainingSeconds { get; init; }

    /// <summary>The smoke test the model passed before promotion: loaded from storage, hash verified, rows scored one at a time.</summary>
    public SmokeTestSummary? SmokeTest { get; init; }

    /// <summary>
    /// The decision threshold baked into a binary model (its <c>PredictedLabel</c> is positive above it), and where it came
    /// from; null for other tasks and for versions published before it was recorded (they use ML.NET's default).
    /// </summary>
    public DecisionThreshold? DecisionThreshold { get; init; }

    /// <summary>A binary model's precision–recall curve with its chosen point, and calibration curve, on the holdout.</summary>
    public DecisionCurves? Curves { get; init; }

    /// <summary>The winner's metrics on validation rows of the training part, which picked it among the candidates; null when the holdout picked it.</summary>
    public SelectionEvidence? Selection { get; init; }

    /// <summary>The rungs of the search that found it, when the spec has a <c>search</c>; null otherwise.</summary>
    public SearchReport? Search { get; init; }

    /// <summary>Whether an ONNX edge artifact (<c>model.onnx</c>) was published beside <c>model.zip</c>, and if not, why.</summary>
    public EdgeExport? Edge { get; init; }
}

/// <summary>What the smoke test measured: single-row latency over the scored sample rows.</summary>
public sealed record SmokeTestSummary(bool Passed, string? Reason, int RowsScored, double P50Ms, double P99Ms);

/// <summary>
/// The ONNX export of a version: published only when the converter supports every step and ONNX Runtime's scores
/// match ML.NET's on holdout rows (scaled difference ≤ 1e-4).
/// </summary>
public sealed record EdgeExport(bool Published, string Reason, string? Sha256 = null, long? Bytes = null, double? MaxAbsoluteDifference = null, int RowsCompared = 0);
