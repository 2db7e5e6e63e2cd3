using System.Globalization;

namespace Cd4ml.Core.Monitoring;

/// <summary>The values of <see cref="Incident.Status"/> and <see cref="Incident.ClosedBy"/>.</summary>
public static class IncidentStates
{
    public const string Open = "open";
    public const string Closed = "closed";
    public const string HealthyWindow = "healthy-window";
    public const string NewChampion = "new-champion";
    public const string Rollback = "rollback";
}

/// <summary>
/// A degraded window of a champion version: <c>monitoring/{pipeline}/incidents/{id}.json</c> with id
/// <c>{openedAt:yyyyMMddTHHmmssZ}-{version}</c>. Opened once per degraded window, closed by a later healthy window
/// or when another version becomes champion.
/// </summary>
public sealed record Incident
{
    public required string Id { get; init; }

    public required string Pipeline { get; init; }

    public required int ModelVersion { get; init; }

    /// <summary>The window that was degraded (<see cref="LiveWindow.Id"/>).</summary>
    public required string Window { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string Status { get; init; } = IncidentStates.Open;

    public required IReadOnlyList<string> Reasons { get; init; }

    public required string Action { get; init; }

    /// <summary>What the action did: the dataset dropped for retraining, the rollback's answer, or that people were told.</summary>
    public string? ActionResult { get; init; }

    public string? ClosedBy { get; init; }

    /// <summary>Hours from open to close; null while open.</summary>
    public double? HoursToRestore => ClosedAt is { } closed ? (closed - OpenedAt).TotalHours : null;

    /// <summary>The incident's id for a version opened at a time.</summary>
    public static string IdFor(DateTimeOffset openedAt, int version) =>
        $"{openedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{version}";
}

/// <summary>
/// A window as the policy judged it. <c>Judged</c>: on its labels or on drift alone; <c>MetricsJudged</c>: it had the
/// labelled rows to judge its live metrics and fairness too.
/// </summary>
public sealed record WindowVerdict(string Window, int Index, bool Judged, bool Degraded, IReadOnlyList<string> Reasons, bool MetricsJudged = true);

/// <summary>What an evaluation must do to the incidents: open at most one, close some.</summary>
public sealed record IncidentPlan(WindowVerdict? Open, string? OpenBlockedBecause, IReadOnlyList<(Incident Incident, string ClosedBy)> Close);

/// <summary>
/// RELIABILITY 39: a degraded window opens one incident, a window inside the cooldown opens none. Only the latest
/// window judged on labels, or else the latest judged on drift alone, can open one (an older degraded window that was
/// followed by a window judged the same way is history): labels arrive late, so the newest windows are usually judged
/// on drift only while an older one is the latest with labels. A window that already has an incident never opens
/// another, so repeating an evaluation changes nothing. An incident closes on a later healthy window judged on labels,
/// or, when it was opened on drift alone, on a later healthy window judged on drift.
/// </summary>
public static class IncidentPolicy
{
    public static IncidentPlan Plan(
        IReadOnlyList<WindowVerdict> windows, IReadOnlyList<Incident> incidents, int championVersion, DateTimeOffset now, TimeSpan cooldown)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(incidents);
        var close = new List<(Incident, string)>();
        foreach (var open in incidents.Where(i => i.Status == IncidentStates.Open))
        {
            if (open.ModelVersion != championVersion)
            {
                close.Add((open, open.Action == Specs.DegradedActions.Rollback ? IncidentStates.Rollback : IncidentStates.NewChampion));
                continue;
            }

            var opened = windows.FirstOrDefault(w => w.Window == open.Window);
            if (windows.Any(w => w.Judged && !w.Degraded && (w.MetricsJudged || opened is { MetricsJudged: false }) && (opened is null || w.Index > opened.Index)))
            {
                close.Add((open, IncidentStates.HealthyWindow));
            }
        }

        var latest = windows.LastOrDefault(w => w.Judged && w.MetricsJudged) is { Degraded: true } labelled
            ? labelled
            : windows.LastOrDefault(w => w.Judged);
        if (latest is not { Degraded: true })
        {
            return new IncidentPlan(null, null, close);
        }

        if (incidents.Any(i => i.ModelVersion == championVersion && i.Window == latest.Window))
        {
            return new IncidentPlan(null, $"window {latest.Window} already has an incident", close);
        }

        if (incidents.Where(i => i.OpenedAt <= now).OrderBy(i => i.OpenedAt).LastOrDefault() is { } last && now < last.OpenedAt + cooldown)
        {
            return new IncidentPlan(null,
                $"window {latest.Window} is degraded, but incident {last.Id} opened at {last.OpenedAt:u}, inside the cooldown of {cooldown}; no new incident", close);
        }

        return new IncidentPlan(latest, null, close);
    }
}
