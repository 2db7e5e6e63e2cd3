using Cronos;

namespace Cd4ml.Core.Specs;

/// <summary>Retraining schedules: cron with 5 fields (minute first) or 6 (seconds first), in UTC.</summary>
public static class SpecSchedules
{
    public static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    /// <summary>Null when the expression is valid, otherwise why not.</summary>
    public static string? Problem(string cron)
    {
        var fields = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            return $"a cron expression has 5 fields (minute hour day month weekday) or 6 (with seconds first); '{cron}' has {fields}";
        }

        try
        {
            Parse(cron);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{cron}' is not a valid cron expression: {ex.Message}";
        }
    }
}
