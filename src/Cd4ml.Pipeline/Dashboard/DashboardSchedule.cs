using System.Text;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Triggers;
using static Cd4ml.Pipeline.Dashboard.DashboardHtml;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>The pipeline page's schedule: the spec's cron, when it last fired (and what that started), and when it is next due.</summary>
internal static class DashboardSchedule
{
    public static void Append(StringBuilder h, string? cron, ScheduleState? state)
    {
        h.Append("<table><caption>Schedule (UTC)</caption><tbody>");
        if (cron is null)
        {
            h.Append("<tr><th scope=\"row\">schedule</th><td>none in the spec (a host-wide default schedule, if one is set, still applies)</td></tr>");
        }
        else
        {
            h.Append(I, $"<tr><th scope=\"row\">schedule</th><td><code>{E(cron)}</code></td></tr>")
             .Append(I, $"<tr><th scope=\"row\">next due</th><td>{NextDue(cron, state)}</td></tr>");
        }

        if (state is null)
        {
            h.Append("<tr><th scope=\"row\">last fired</th><td class=\"muted\">never</td></tr>");
        }
        else
        {
            var started = state.RunId is { } runId ? $", run <a href=\"{E(RunUrl(runId))}\"><code>{E(runId)}</code></a>" : "";
            h.Append(I, $"<tr><th scope=\"row\">last fired</th><td>{Time(state.FiredAt)}: {E(state.Status)}{started}</td></tr>");
        }

        h.Append("</tbody></table>");
    }

    // The same rule the scheduler applies (ScheduledRetrainingHandler.IsDue): the next occurrence after it last fired.
    private static string NextDue(string cron, ScheduleState? state)
    {
        if (state is null)
        {
            return "the first occurrence after the scheduler starts";
        }

        try
        {
            return SpecSchedules.Parse(cron).GetNextOccurrence(state.FiredAt, TimeZoneInfo.Utc) is { } next ? Time(next) : "no further occurrence";
        }
        catch (FormatException ex)
        {
            return $"<span class=\"fail\">not a cron expression: {E(ex.Message)}</span>";
        }
    }
}
