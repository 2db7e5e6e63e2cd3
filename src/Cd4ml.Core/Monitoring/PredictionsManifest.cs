namespace Cd4ml.Core.Monitoring;

/// <summary>
/// <c>predictions/{pipeline}/{name}.json</c>, written by scoring after the predictions CSV: where the rows came from,
/// which versions scored them, and the classes. The shared scoring/monitoring contract: docs/monitoring.md.
/// </summary>
public sealed record PredictionsManifest
{
    public required string Pipeline { get; init; }

    /// <summary><c>scoring/{pipeline}/{name}.csv</c>.</summary>
    public required string Source { get; init; }

    public string? SourceETag { get; init; }

    public required string InputSha256 { get; init; }

    /// <summary><c>monitoring/{pipeline}/scored/{inputSha256}.csv</c>: the exact bytes that were scored.</summary>
    public required string InputBlob { get; init; }

    /// <summary>The id column, or null when rows are identified by line number.</summary>
    public string? IdColumn { get; init; }

    public long Rows { get; init; }

    public required DateTimeOffset ScoredAt { get; init; }

    public IReadOnlyList<PredictionsVersion> Versions { get; init; } = [];

    /// <summary>The model's classes in its order (classification).</summary>
    public IReadOnlyList<string>? LabelClasses { get; init; }

    /// <summary>The positive class (binary).</summary>
    public string? PositiveClass { get; init; }
}

/// <summary>One model version that scored rows of a predictions file.</summary>
public sealed record PredictionsVersion(int Version, string Sha256, long Rows);
