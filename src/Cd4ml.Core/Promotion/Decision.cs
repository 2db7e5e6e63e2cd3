namespace Cd4ml.Core.Promotion;

/// <summary>One gate of the promotion policy: its verdict and the numbers behind it.</summary>
public sealed record GateResult(string Gate, bool Passed, string Observed, string Threshold, string Reason);

/// <summary>Whether the best candidate replaces the champion, and every reason why.</summary>
/// <remarks>Stored in manifests and run reports: members added later are optional, so older documents still read.</remarks>
public sealed record Decision(bool Promote, string? WinnerId, IReadOnlyList<GateResult> Gates)
{
    /// <summary>The winner's rates per group of each sensitive column; null when fairness was not evaluated.</summary>
    public IReadOnlyList<FairnessGroup>? Fairness { get; init; }

    /// <summary>The paired bootstrap behind the significance gate; null when it did not run.</summary>
    public SignificanceResult? Significance { get; init; }

    /// <summary>Every candidate's primary metric on validation (what picked the winner) and on the holdout; null in older documents.</summary>
    public IReadOnlyList<CandidateRanking>? Ranking { get; init; }

    /// <summary>A one-line summary: the first failed gate, or the promotion and the comparison that justified it.</summary>
    public string Summary => Gates.FirstOrDefault(g => !g.Passed)?.Reason
        ?? (Promote
            ? $"promote {WinnerId}: {(Gates.FirstOrDefault(g => g.Gate == PromotionPolicy.ChampionGate) ?? Gates.LastOrDefault())?.Reason}"
            : "not promoted");

    /// <summary>
    /// This decision with one more gate (e.g. the smoke test), promoting only when there is a winner and every
    /// gate, old and new, passed.
    /// </summary>
    public Decision WithGate(GateResult gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        IReadOnlyList<GateResult> gates = [.. Gates, gate];
        return this with { Gates = gates, Promote = WinnerId is not null && gates.All(g => g.Passed) };
    }
}

/// <summary>
/// The significance gate's numbers: the primary metric's improvement (candidate − champion, sign flipped for
/// lower-is-better metrics) on the whole holdout and its bootstrap percentile interval. <c>Lower</c> and
/// <c>Upper</c> are null when no resample had a defined difference; <c>Undefined</c> counts the resamples where
/// either model's metric was undefined (left out of the interval).
/// </summary>
public sealed record SignificanceResult(
    string Metric, int Rows, double Delta, double? Lower, double? Upper, double Confidence, int Resamples, int Undefined, long Seed);

/// <summary>What the score-only policy needs to know of a candidate.</summary>
public sealed record CandidateScore(string Id, IReadOnlyDictionary<string, double> Metrics, string? Problem = null);

/// <summary>What the score-only policy needs to know of the current champion, evaluated on the same holdout.</summary>
public sealed record ChampionScore(int Version, IReadOnlyDictionary<string, double> Metrics, string? Problem = null);
