using Cd4ml.Core.Scoring;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>The statuses a scoring orchestration ends with.</summary>
public static class ScoringStatuses
{
    /// <summary>Predictions and manifest written.</summary>
    public const string Scored = "scored";

    /// <summary>The file did not match the champion's schema or had cells that do not parse; quarantined, nothing written.</summary>
    public const string Refused = "refused";

    /// <summary>The pipeline had no champion when the file was planned; nothing written.</summary>
    public const string NoChampion = "no-champion";
}

/// <summary>Score one version (ETag) of <c>scoring/{Pipeline}/{Name}.csv</c>.</summary>
public sealed record ScoringRequest(string Pipeline, string Name, string ETag, string Trigger)
{
    public string Source => ScoringBlobs.Input(Pipeline, Name).ToString();
}

/// <summary>What the plan found: the pinned champion and the chunks, or why the file is not scored.</summary>
public sealed record ScoringPlan(string Status, ChampionPin? Champion, string? InputSha256, long HeaderBytes, IReadOnlyList<CsvChunk> Chunks, string? Reason)
{
    public IReadOnlyList<string> MissingColumns { get; init; } = [];

    public IReadOnlyList<string> UnexpectedColumns { get; init; } = [];
}

/// <summary>Score one chunk with the pinned version and stage its output rows.</summary>
public sealed record ScoreChunkInput(ScoringRequest Request, string InstanceId, ChampionPin Champion, long HeaderBytes, CsvChunk Chunk);

/// <summary>A chunk's rows scored, or the problems that refuse the file.</summary>
public sealed record ChunkResult(int Index, long Rows, IReadOnlyList<ScoringProblem> Problems, long ProblemCount);

/// <summary>Quarantine a refused file with its report.</summary>
public sealed record QuarantineScoringInput(ScoringRequest Request, string InstanceId, ScoringRefusal Refusal);

/// <summary>Join the staged parts into the predictions file, keep the input's bytes, then write the manifest.</summary>
public sealed record CompleteScoringInput(ScoringRequest Request, string InstanceId, ChampionPin Champion, string InputSha256, int Parts, long Rows, DateTimeOffset ScoredAt);

/// <summary>What became of a scoring file: the orchestration's output.</summary>
public sealed record ScoringRecord(string Pipeline, string Source, string Status, int? ModelVersion, long Rows, string? Output, string? Quarantine, string? Reason);

/// <summary>The orchestration's custom status while it runs.</summary>
public sealed record ScoringProgress(string Stage, int ChunksDone, int Chunks, long Rows);
