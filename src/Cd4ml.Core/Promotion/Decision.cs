namespace Cd4ml.Core.Promotion;

/// <summary>One gate of the promotion policy: its verdict and the numbers behind it.</summary>
public sealed record GateResult(string Gate, bool Passed, string Observed, string Threshold, string Reason);

/// <summary>Whether the best candidate replaces the champion, and every reason why.</summary>
public sealed record Decision(bool Promote, string? WinnerId, IReadOnlyList<GateResult> Gates)
{
    /// <summary>A one-line summary: the first failed gate, or the promotion.</summary>
    public string Summary => Gates.FirstOrDefault(g => !g.Passed)?.Reason
        ?? (Promote ? $"promote {WinnerId}: {Gates.LastOrDefault()?.Reason}" : "not promoted");
}

/// <summary>What the policy needs to know of a candidate.</summary>
public sealed record CandidateScore(string Id, IReadOnlyDictionary<string, double> Metrics, string? Problem = null);

/// <summary>What the policy needs to know of the current champion, evaluated on the same holdout.</summary>
public sealed record ChampionScore(int Version, IReadOnlyDictionary<string, double> Metrics, string? Problem = null);
