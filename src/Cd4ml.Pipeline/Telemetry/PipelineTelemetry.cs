using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cd4ml.Core.Registry;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>
/// The <c>Cd4ml</c> <see cref="ActivitySource"/> and <see cref="Meter"/>: span and metric names, units and tags are
/// documented in docs/telemetry.md. Static, because activities, triggers and the registry all record into the same
/// instruments whichever host runs them, and OpenTelemetry listens by name, not by instance.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name exporters subscribe to, for both traces (<c>AddSource</c>) and metrics (<c>AddMeter</c>).</summary>
    public const string Name = "Cd4ml";

    public static ActivitySource Source { get; } = new(Name, PackageVersions.Cd4ml);

    public static Meter Meter { get; } = new(Name, PackageVersions.Cd4ml);

    /// <summary>Wall time of a run from its start to its report, tagged by outcome.</summary>
    public static Histogram<double> RunDuration { get; } = Meter.CreateHistogram<double>(
        "cd4ml.run.duration", "s", "Time from the start of a run to its report, by outcome.");

    /// <summary>Data (or commit) arrival to version published: the delivery lead time.</summary>
    public static Histogram<double> LeadTime { get; } = Meter.CreateHistogram<double>(
        "cd4ml.lead_time", "s", "Time from the dataset's arrival (blob last-modified) or the pushed commit to the published version.");

    public static Histogram<double> StageDuration { get; } = Meter.CreateHistogram<double>(
        "cd4ml.stage.duration", "s", "Time one activity of a run took, by stage.");

    public static Counter<long> Promotions { get; } = Meter.CreateCounter<long>(
        "cd4ml.promotions", "{run}", "Runs that published a version and moved the champion alias.");

    public static Counter<long> Rejections { get; } = Meter.CreateCounter<long>(
        "cd4ml.rejections", "{run}", "Runs that ended without promotion, by the gate that stopped them.");

    public static Counter<long> Rollbacks { get; } = Meter.CreateCounter<long>(
        "cd4ml.rollbacks", "{rollback}", "Champion aliases moved back to an earlier version.");

    /// <summary>
    /// Counts a rollback of <paramref name="pipeline"/>'s alias. For the registry's rollback path; it is the only
    /// code that knows one happened.
    /// </summary>
    public static void RecordRollback(string pipeline, string alias = "champion") =>
        Rollbacks.Add(1, new KeyValuePair<string, object?>(TagNames.Pipeline, pipeline), new KeyValuePair<string, object?>(TagNames.Alias, alias));
}
