namespace Cd4ml.Core.Specs;

/// <summary>
/// What a pipeline trains and how it decides: the parsed, validated form of a pipeline spec JSON file.
/// See docs/pipeline-spec.md for the file format.
/// </summary>
public sealed record PipelineSpec
{
    public required string Name { get; init; }

    /// <summary>Only <c>binary-classification</c> for now.</summary>
    public required string Task { get; init; }

    /// <summary>The column the model predicts.</summary>
    public required string Label { get; init; }

    /// <summary>The label value that counts as the positive class; inferred for yes/no, true/false and 0/1 labels.</summary>
    public string? PositiveClass { get; init; }

    /// <summary>Columns that are never features (ids, leaks). Every other column is a feature.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Share of rows held out for evaluation; the same rows for every candidate and the champion.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Seed for the split and the trainers, so a run can be reproduced.</summary>
    public int Seed { get; init; } = 42;

    public required IReadOnlyList<TrainerSpec> Trainers { get; init; }

    public required PromotionSpec Promotion { get; init; }

    /// <summary><c>none</c> (default) or <c>manual</c>: wait for a person to approve after every automatic gate passed.</summary>
    public string Approval { get; init; } = ApprovalModes.None;

    /// <summary>How long a manual approval may take before the run expires with the champion unchanged.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Optional retraining schedule (cron, 5 fields, or 6 with seconds first), evaluated in UTC.</summary>
    public string? Schedule { get; init; }
}

/// <summary>The values of <see cref="PipelineSpec.Approval"/>.</summary>
public static class ApprovalModes
{
    public const string None = "none";
    public const string Manual = "manual";
}

/// <summary>One candidate: a trainer from the catalog and its hyper-parameters.</summary>
public sealed record TrainerSpec
{
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();
}

/// <summary>When a candidate may replace the champion.</summary>
public sealed record PromotionSpec
{
    /// <summary>The metric candidates and champion are compared on, e.g. <c>auc</c>.</summary>
    public required string PrimaryMetric { get; init; }

    /// <summary>How much better than the champion (in the primary metric's units) a candidate must be.</summary>
    public double MinImprovement { get; init; }
}
