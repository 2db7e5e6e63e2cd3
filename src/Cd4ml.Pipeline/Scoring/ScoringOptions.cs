namespace Cd4ml.Pipeline.Scoring;

/// <summary><c>Cd4ml:Scoring</c>: batch and online scoring with the champion (docs/scoring.md, "Settings").</summary>
public sealed class ScoringOptions
{
    public const string Section = "Cd4ml:Scoring";

    /// <summary>Rows per request of <c>POST /api/pipelines/{pipeline}/predict</c>; more is refused with 413.</summary>
    public int MaxOnlineRows { get; set; } = 1000;

    /// <summary>Bytes per online request body; more is refused with 413 before it is read further.</summary>
    public int MaxOnlineBodyBytes { get; set; } = 4 << 20;

    /// <summary>The fraction (0–1) of online requests whose rows and predictions are kept for monitoring.</summary>
    public double OnlineSampleRate { get; set; } = 1.0;

    /// <summary>Sample writes in flight at once; a request that would exceed it is not kept, and that is logged.</summary>
    public int MaxPendingSampleWrites { get; set; } = 64;

    /// <summary>Rows per chunk of a batch file; each chunk is one activity, scored in parallel with the others.</summary>
    public int RowsPerChunk { get; set; } = 200_000;

    /// <summary>Model versions kept loaded per process (the least recently used one is dropped first).</summary>
    public int CachedModels { get; set; } = 4;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Check(MaxOnlineRows >= 1, nameof(MaxOnlineRows), "at least 1");
        Check(MaxOnlineBodyBytes >= 1024, nameof(MaxOnlineBodyBytes), "at least 1024");
        Check(OnlineSampleRate is >= 0 and <= 1, nameof(OnlineSampleRate), "between 0 and 1");
        Check(MaxPendingSampleWrites >= 1, nameof(MaxPendingSampleWrites), "at least 1");
        Check(RowsPerChunk >= 1, nameof(RowsPerChunk), "at least 1");
        Check(CachedModels >= 1, nameof(CachedModels), "at least 1");
        return problems;

        void Check(bool ok, string name, string rule)
        {
            if (!ok)
            {
                problems.Add($"{Section}:{name} ({Section.Replace(":", "__", StringComparison.Ordinal)}__{name}) must be {rule}");
            }
        }
    }
}
