namespace Cd4ml.Core.Specs;

/// <summary>
/// What a pipeline trains and how it decides: the parsed, validated form of a pipeline spec JSON file.
/// See docs/pipeline-spec.md for the file format.
/// </summary>
public sealed record PipelineSpec
{
    public required string Name { get; init; }

    /// <summary>One of <see cref="TaskTypes"/>: what kind of model the pipeline trains.</summary>
    public required string Task { get; init; }

    /// <summary>The column the model predicts.</summary>
    public required string Label { get; init; }

    /// <summary>The label value that counts as the positive class; inferred for yes/no, true/false and 0/1 labels.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>Columns that are never features (ids, leaks). Every other column is a feature.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    // Defaults live here once; the parser uses them for settings a spec leaves out.
    public const double DefaultTestFraction = 0.2;
    public const int DefaultSeed = 42;
    public static readonly TimeSpan DefaultApprovalTimeout = TimeSpan.FromHours(72);

    /// <summary>Share of rows held out for evaluation; the same rows for every candidate and the champion.</summary>
    public double TestFraction { get; init; } = DefaultTestFraction;

    /// <summary>Seed for the split and the trainers, so a run can be reproduced.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Declared facts about columns (type, allowed range); a column not listed is inferred from the data.</summary>
    public IReadOnlyDictionary<string, ColumnSpec> Columns { get; init; } = new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal);

    /// <summary>Per-check settings (thresholds, severities, per-column overrides) by check name; unset checks use their defaults.</summary>
    public IReadOnlyDictionary<string, CheckSettings> Checks { get; init; } = new SortedDictionary<string, CheckSettings>(StringComparer.Ordinal);

    /// <summary>Folds of cross-validation on the training part, reported beside the holdout metrics; 0 turns it off.</summary>
    public int CrossValidationFolds { get; init; }

    public required IReadOnlyList<TrainerSpec> Trainers { get; init; }

    /// <summary>A budgeted search over the trainers (successive halving); null: every grid point is a candidate.</summary>
    public SearchSpec? Search { get; init; }

    public required PromotionSpec Promotion { get; init; }

    /// <summary><c>none</c> (default) or <c>manual</c>: wait for a person to approve after every automatic gate passed.</summary>
    public string Approval { get; init; } = ApprovalModes.None;

    /// <summary>How long a manual approval may take before the run expires with the champion unchanged.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = DefaultApprovalTimeout;

    /// <summary>Optional retraining schedule (cron, 5 fields, or 6 with seconds first), evaluated in UTC.</summary>
    public string? Schedule { get; init; }

    /// <summary>Live monitoring of the champion (scoring ids, windows, degradation policy); null: not monitored.</summary>
    public MonitoringSpec? Monitoring { get; init; }
}

/// <summary>The values of <see cref="PipelineSpec.Approval"/>.</summary>
public static class ApprovalModes
{
    public const string None = "none";
    public const string Manual = "manual";
}

/// <summary>The task types a spec may name.</summary>
public static class TaskTypes
{
    public const string Binary = "binary-classification";
    public const string Multiclass = "multiclass-classification";
    public const string Regression = "regression";

    public static IReadOnlyList<string> All { get; } = [Binary, Multiclass, Regression];
}

/// <summary>
/// One trainer entry: a trainer from the catalog with fixed hyper-parameters, and optionally a grid of
/// values to search. Each combination of the grid is its own candidate.
/// </summary>
public sealed record TrainerSpec
{
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Parameters given as a list of values; the candidates are the cross product (empty: one candidate).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> Grid { get; init; } = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);

    /// <summary>
    /// Parameters given as a range to sample from (only with <see cref="PipelineSpec.Search"/>); null rather than empty
    /// when there are none, so specs without ranges keep their hash.
    /// </summary>
    public IReadOnlyDictionary<string, ParameterRange>? Ranges { get; init; }
}

/// <summary>What the spec declares about one column.</summary>
public sealed record ColumnSpec
{
    /// <summary>numeric, categorical, boolean, text or date; null: inferred from the data.</summary>
    public string? Type { get; init; }

    /// <summary>The smallest allowed value of a numeric column (the <c>ranges</c> check).</summary>
    public double? Min { get; init; }

    /// <summary>The largest allowed value of a numeric column (the <c>ranges</c> check).</summary>
    public double? Max { get; init; }
}

/// <summary>
/// A data check's settings. A value above <see cref="Fail"/> fails the check (quarantine); above
/// <see cref="Warn"/> warns (recorded, training goes on). Leaving <see cref="Fail"/> out makes a check warn-only.
/// </summary>
public sealed record CheckSettings
{
    public bool Enabled { get; init; } = true;

    public double? Warn { get; init; }

    public double? Fail { get; init; }

    /// <summary>Per-column thresholds that replace the check's own for that column.</summary>
    public IReadOnlyDictionary<string, CheckThresholds> Columns { get; init; } = new SortedDictionary<string, CheckThresholds>(StringComparer.Ordinal);
}

/// <summary>A column's own warn and fail thresholds for a check.</summary>
public sealed record CheckThresholds(double? Warn, double? Fail);

/// <summary>When a candidate may replace the champion.</summary>
public sealed record PromotionSpec
{
    /// <summary>The metric candidates and champion are compared on, e.g. <c>auc</c>.</summary>
    public required string PrimaryMetric { get; init; }

    /// <summary>How much better than the champion a candidate must be: in the metric's units, or a share of the champion's value when <see cref="RelativeImprovement"/>.</summary>
    public double MinImprovement { get; init; }

    /// <summary>True: <see cref="MinImprovement"/> is relative (0.01 = 1% better than the champion).</summary>
    public bool RelativeImprovement { get; init; }

    /// <summary>The least value a metric must reach, by metric name; applies to the first model too.</summary>
    public IReadOnlyDictionary<string, double> MinValue { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Guardrails: how far a secondary metric may get worse than the champion's, by metric name.</summary>
    public IReadOnlyDictionary<string, double> MaxDrop { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The paired bootstrap of the primary metric's difference; on unless turned off.</summary>
    public SignificanceSpec Significance { get; init; } = new();

    /// <summary>Per-group limits for declared sensitive columns; null: fairness is not evaluated.</summary>
    public FairnessSpec? Fairness { get; init; }

    /// <summary>What each outcome of a binary decision is worth per row; defines the <c>businessValue</c> metric. Null: not defined.</summary>
    public BusinessValueSpec? BusinessValue { get; init; }

    /// <summary>
    /// How a binary model's decision threshold is set. Null (not in the spec): tuned for the primary metric when it depends
    /// on the threshold, else ML.NET's default; null rather than a default object, so specs without it keep their hash.
    /// </summary>
    public ThresholdSpec? Threshold { get; init; }
}

/// <summary>
/// A candidate must beat the champion by more than the noise: the lower end of the bootstrap confidence
/// interval of (candidate − champion) on the holdout must be above zero.
/// </summary>
public sealed record SignificanceSpec
{
    public bool Enabled { get; init; } = true;

    /// <summary>Bootstrap resamples of the holdout rows.</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>Two-sided confidence level of the interval.</summary>
    public double Confidence { get; init; } = 0.95;
}

/// <summary>Per-group metrics on sensitive columns and the largest gap allowed between groups.</summary>
public sealed record FairnessSpec
{
    /// <summary>The sensitive columns; each distinct value is a group.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The group metrics that are gated: selectionRate, truePositiveRate, errorRate.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = ["selectionRate", "truePositiveRate", "errorRate"];

    /// <summary>The largest allowed difference of a group metric between the best and worst group.</summary>
    public double MaxDisparity { get; init; } = 0.1;

    /// <summary>Groups with fewer holdout rows than this are reported but not gated (too few to judge).</summary>
    public int MinGroupRows { get; init; } = 30;
}
