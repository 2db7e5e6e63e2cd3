namespace Cd4ml.Core.Monitoring;

/// <summary>
/// <c>monitoring/{pipeline}/report.json</c>: the champion's live quality per window, drift, fairness, what the feedback
/// join did, and the incidents. Rewritten by every evaluation; <c>report.html</c> shows the same.
/// </summary>
public sealed record MonitoringReport
{
    public required string Pipeline { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>The champion version the windows are about; null when the pipeline has no champion.</summary>
    public int? ChampionVersion { get; init; }

    /// <summary>The policy in words: window, minimum rows, limits, action, cooldown.</summary>
    public required string Policy { get; init; }

    public required JoinCounts Join { get; init; }

    /// <summary>Rows of predictions files that could not be read, with file, line and column.</summary>
    public IReadOnlyList<string> PredictionProblems { get; init; } = [];

    /// <summary>Labelled rows scored by other versions than the champion: joined, but not part of its windows.</summary>
    public int RowsOfOtherVersions { get; init; }

    public IReadOnlyList<WindowReport> Windows { get; init; } = [];

    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    /// <summary>Why no incident was opened although the latest window is degraded (cooldown, already open), if so.</summary>
    public string? Note { get; init; }
}

/// <summary>One window: its labelled rows (<c>Rows</c>), whether it was judged and degraded and why, its metrics, fairness and drift.</summary>
public sealed record WindowReport(
    string Id,
    DateTimeOffset From,
    DateTimeOffset To,
    int Rows,
    bool Complete,
    bool Judged,
    bool Degraded,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<LiveMetric> Metrics,
    IReadOnlyList<LiveFairnessResult> Fairness,
    IReadOnlyList<DriftMeasure> Drift)
{
    /// <summary>Scored rows in the window, labelled or not: drift is measured on all of them.</summary>
    public long Scored { get; init; }

    /// <summary>Whether the window had the <c>minRows</c> labelled rows to judge its live metrics and fairness (<c>Judged</c> may be by drift alone).</summary>
    public bool MetricsJudged { get; init; }
}
