namespace Cd4ml.Core.Specs;

/// <summary>
/// How the champion is watched after promotion: which column identifies a scored row so late labels can be
/// joined to it, how live data is cut into windows, and what a window that breaks the policy triggers.
/// See docs/monitoring.md.
/// </summary>
public sealed record MonitoringSpec
{
    public const int DefaultMinRows = 200;
    public const double DefaultMaxMetricDrop = 0.05;
    public const double DefaultMaxDrift = 0.2;
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromHours(24);

    /// <summary>The column that identifies a row in scoring and feedback files; null: rows are identified by line number.</summary>
    public string? IdColumn { get; init; }

    /// <summary>How labelled rows are grouped into windows: by count or by time.</summary>
    public MonitoringWindow Window { get; init; } = MonitoringWindow.OfRows(1000);

    /// <summary>A window with fewer labelled rows than this is reported but not judged (too few to tell).</summary>
    public int MinRows { get; init; } = DefaultMinRows;

    /// <summary>
    /// The largest allowed drop of a metric from its value on the holdout at promotion, by metric name (in the
    /// metric's units; for lower-is-better metrics, the largest allowed rise). Empty in the file: the primary
    /// metric with <see cref="DefaultMaxMetricDrop"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> MaxMetricDrop { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The largest allowed input or prediction drift (PSI for numbers, Jensen–Shannon distance for categories).</summary>
    public double MaxDrift { get; init; } = DefaultMaxDrift;

    /// <summary>The largest allowed gap of a fairness metric between groups on live data; null: the promotion policy's, if any.</summary>
    public double? MaxDisparity { get; init; }

    /// <summary>One of <see cref="DegradedActions"/>: what a degraded window does besides opening an incident.</summary>
    public string OnDegraded { get; init; } = DegradedActions.Alert;

    /// <summary>After an incident opens, no other incident opens for this long (so an action cannot loop).</summary>
    public TimeSpan Cooldown { get; init; } = DefaultCooldown;
}

/// <summary>A monitoring window: a number of labelled rows, or a span of time (exactly one is set).</summary>
public sealed record MonitoringWindow
{
    public int? Rows { get; init; }

    public TimeSpan? Duration { get; init; }

    public static MonitoringWindow OfRows(int rows) => new() { Rows = rows };

    public static MonitoringWindow OfDuration(TimeSpan duration) => new() { Duration = duration };

    public override string ToString() => Rows is { } rows ? $"{rows} rows" : $"{Duration}";
}

/// <summary>The values of <see cref="MonitoringSpec.OnDegraded"/>.</summary>
public static class DegradedActions
{
    /// <summary>Open the incident and announce it; people decide.</summary>
    public const string Alert = "alert";

    /// <summary>Build a dataset from the labelled live rows and the champion's training data and run the pipeline on it.</summary>
    public const string Retrain = "retrain";

    /// <summary>Move the champion alias back to the previous version through the audited rollback.</summary>
    public const string Rollback = "rollback";

    public static IReadOnlyList<string> All { get; } = [Alert, Retrain, Rollback];
}
