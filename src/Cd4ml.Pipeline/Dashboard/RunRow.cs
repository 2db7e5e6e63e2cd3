using Cd4ml.Core.Checks;
using Cd4ml.Core.Reports;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>
/// One finished run as the dashboard lists it: small enough that a pipeline's whole history fits in one index blob.
/// <see cref="ArrivedAt"/> is when the change behind the run arrived (<see cref="Telemetry.RunArrivals"/>): the lead
/// time counts from it; null in rows written before it was recorded, or when it could not be known.
/// </summary>
public sealed record RunRow(
    string RunId,
    RunOutcome Outcome,
    string Trigger,
    string DatasetSha256,
    string Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    int? PublishedVersion,
    DateTimeOffset? ArrivedAt = null)
{
    /// <summary>
    /// Where the run's lead time starts: the change's arrival (dataset upload, or the pushed commit's time), else the
    /// run's start. An arrival after the start (the drop blob was overwritten while the run ran) is not this run's.
    /// </summary>
    public DateTimeOffset ChangedAt => ArrivedAt is { } arrived && arrived <= StartedAt ? arrived : StartedAt;

    /// <summary>The row of a run report: the reason is the first failed gate's, else the first failed check's, else the run's message.</summary>
    public static RunRow From(RunRecord report, DateTimeOffset? arrivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var reason = report.Decision?.Gates.FirstOrDefault(g => !g.Passed)?.Reason
            ?? report.Checks.FirstOrDefault(c => c.Status == CheckStatus.Fail)?.Message
            ?? report.Message;
        return new RunRow(report.RunId, report.Outcome, report.Trigger.Kind, report.Dataset.Sha256, reason, report.StartedAt, report.CompletedAt,
            report.PublishedVersion, arrivedAt);
    }
}
