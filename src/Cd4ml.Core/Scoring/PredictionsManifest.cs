namespace Cd4ml.Core.Scoring;

/// <summary>The version that scored some of a file's rows.</summary>
public sealed record ScoringVersion(int Version, string Sha256, long Rows);

/// <summary>
/// <c>predictions/{pipeline}/{name}.json</c>, written after the predictions file it describes: where the input was,
/// which exact bytes were scored (and their kept copy), and by which version(s). Written by scoring and read by
/// monitoring: the one type of the contract in docs/monitoring.md.
/// </summary>
public sealed record PredictionsManifest
{
    public required string Pipeline { get; init; }

    /// <summary><c>scoring/{pipeline}/{name}.csv</c>.</summary>
    public required string Source { get; init; }

    public required string SourceETag { get; init; }

    public required string InputSha256 { get; init; }

    /// <summary><c>monitoring/{pipeline}/scored/{inputSha256}.csv</c>: the bytes scored, kept even if the source is overwritten.</summary>
    public required string InputBlob { get; init; }

    /// <summary>The spec's monitoring id column; null: rows are identified by the <c>line</c> column.</summary>
    public string? IdColumn { get; init; }

    public required long Rows { get; init; }

    public required DateTimeOffset ScoredAt { get; init; }

    public required IReadOnlyList<ScoringVersion> Versions { get; init; }

    /// <summary>Classification: the classes in output order.</summary>
    public IReadOnlyList<string>? LabelClasses { get; init; }

    /// <summary>Binary: the class <c>probability</c> is of.</summary>
    public string? PositiveClass { get; init; }
}
