using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Metrics;

/// <summary>
/// The four delivery measures of one pipeline (or of all, when <see cref="Pipeline"/> is null) over a window.
/// Durations are in hours; a measure with no sample is null, never zero. Definitions: docs/delivery-metrics.md.
/// </summary>
public sealed record DeliveryMetrics(
    string? Pipeline,
    DateTimeOffset Since,
    DateTimeOffset Until,
    int Promotions,
    int FailedPromotions,
    int Rollbacks,
    double PromotionsPerWeek,
    double? ChangeFailureRate,
    int LeadTimeSamples,
    double? LeadTimeP50Hours,
    double? LeadTimeP90Hours,
    int RestoreSamples,
    double? TimeToRestoreP50Hours,
    double? TimeToRestoreP90Hours);

/// <summary>What the measures of one pipeline are computed from: its audit log and when its promoted runs started.</summary>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="AuditOldestFirst">The pipeline's audit log in the order it was written.</param>
/// <param name="RunStarts">Where each run's lead time starts, by run id: when its change arrived (the dataset upload, or the pushed commit's time), else when the run started; runs missing here give no lead time.</param>
/// <param name="Incidents">Monitoring's incidents (docs/monitoring.md): a promotion whose version has one failed, and an incident's open → close is a restore.</param>
public sealed record DeliveryHistory(
    string Pipeline, IReadOnlyList<AuditEntry> AuditOldestFirst, IReadOnlyDictionary<string, DateTimeOffset> RunStarts, IReadOnlyList<IncidentSpan>? Incidents = null);

/// <summary>A monitoring incident of a champion version: when it opened and, once restored, when it closed.</summary>
public sealed record IncidentSpan(int Version, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

/// <summary>
/// Computes lead time, deployment frequency, change failure rate and time to restore from audit logs. Pure: the
/// same histories and window always give the same numbers.
/// </summary>
public static class DeliveryMetricsCalculator
{
    /// <summary>The alias whose moves are deployments.</summary>
    public const string Alias = ModelRegistry.Champion;

    /// <summary>The measures of one pipeline over [<paramref name="since"/>, <paramref name="until"/>].</summary>
    public static DeliveryMetrics ForPipeline(DeliveryHistory history, DateTimeOffset since, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(history);
        var samples = Collect(history, since, until);
        return Summarize(history.Pipeline, since, until, [samples]);
    }

    /// <summary>The measures of all pipelines together: counts summed, durations pooled before taking percentiles.</summary>
    public static DeliveryMetrics Overall(IEnumerable<DeliveryHistory> histories, DateTimeOffset since, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(histories);
        return Summarize(null, since, until, histories.Select(h => Collect(h, since, until)).ToList());
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest sample such that at least <paramref name="percent"/>% of the samples
    /// are at or below it; null for no samples.
    /// </summary>
    public static double? Percentile(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private sealed record Samples(int Promotions, int Failed, int Rollbacks, List<double> LeadHours, List<double> RestoreHours);

    private static Samples Collect(DeliveryHistory history, DateTimeOffset since, DateTimeOffset until)
    {
        bool InWindow(DateTimeOffset at) => at >= since && at <= until;

        var moves = history.AuditOldestFirst.Where(e => e.Alias == Alias && AuditActions.MovesAlias(e.Action)).ToList();
        var everChampion = new HashSet<int>();
        var (promotions, failed, rollbacks) = (0, 0, 0);
        var (lead, restore) = (new List<double>(), new List<double>());
        for (var i = 0; i < moves.Count; i++)
        {
            var move = moves[i];
            // A version's first time as champion is the change; a later re-promotion of it is a deployment but not new work.
            var first = move.Version is { } v && everChampion.Add(v);
            if (!InWindow(move.At))
            {
                continue;
            }

            if (move.Action == AuditActions.Rollback)
            {
                rollbacks++;
                continue;
            }

            promotions++;
            if (first && history.RunStarts.TryGetValue(move.RunId, out var started) && started <= move.At)
            {
                lead.Add((move.At - started).TotalHours);
            }

            // Failed: monitoring opened an incident on this version while it was champion (restored when the incident
            // closed), or the very next move of the alias is a rollback, made within the window.
            var replacedAt = i + 1 < moves.Count ? moves[i + 1].At : DateTimeOffset.MaxValue;
            var incident = (history.Incidents ?? []).Where(x => x.Version == move.Version && x.OpenedAt >= move.At && x.OpenedAt < replacedAt && x.OpenedAt <= until)
                .OrderBy(x => x.OpenedAt).FirstOrDefault();
            if (incident is not null)
            {
                failed++;
                if (incident.ClosedAt is { } closed && closed <= until)
                {
                    restore.Add((closed - incident.OpenedAt).TotalHours);
                }
            }
            else if (i + 1 < moves.Count && moves[i + 1] is { Action: AuditActions.Rollback } next && next.At <= until)
            {
                failed++;
                restore.Add((next.At - move.At).TotalHours);
            }
        }

        return new Samples(promotions, failed, rollbacks, lead, restore);
    }

    private static DeliveryMetrics Summarize(string? pipeline, DateTimeOffset since, DateTimeOffset until, IReadOnlyList<Samples> all)
    {
        if (until <= since)
        {
            throw new ArgumentException($"the window must end after it starts ({since:u} to {until:u})", nameof(until));
        }

        var promotions = all.Sum(s => s.Promotions);
        var failed = all.Sum(s => s.Failed);
        var lead = all.SelectMany(s => s.LeadHours).ToList();
        var restore = all.SelectMany(s => s.RestoreHours).ToList();
        var weeks = (until - since).TotalDays / 7;
        return new DeliveryMetrics(
            pipeline, since, until, promotions, failed, all.Sum(s => s.Rollbacks),
            PromotionsPerWeek: promotions / weeks,
            ChangeFailureRate: promotions == 0 ? null : (double)failed / promotions,
            lead.Count, Percentile(lead, 50), Percentile(lead, 90),
            restore.Count, Percentile(restore, 50), Percentile(restore, 90));
    }
}
