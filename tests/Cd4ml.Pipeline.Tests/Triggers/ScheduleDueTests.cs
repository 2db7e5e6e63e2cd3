using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests.Triggers;

/// <summary>When a pipeline is due: its own cron, the default one, or every tick of the Functions timer.</summary>
public sealed class ScheduleDueTests
{
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 3, 0, 10, TimeSpan.Zero);

    [Theory]
    [InlineData("0 3 * * *", "2025-03-01T02:59:00Z", true)]
    [InlineData("0 3 * * *", "2025-03-01T03:00:00Z", false)]
    [InlineData("0 0 3 * * *", "2025-03-01T02:59:59Z", true)]
    [InlineData("*/5 * * * *", "2025-03-01T03:00:00Z", false)]
    [InlineData("*/5 * * * *", "2025-03-01T02:55:00Z", true)]
    public void A_cron_is_due_when_an_occurrence_falls_after_the_last_firing(string cron, string firedAt, bool due)
    {
        var spec = Samples.CreditSpec("p") with { Schedule = cron };
        var state = new ScheduleState("p", DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture), "started", null, null, null, null, null);

        Assert.Equal(due, ScheduledRetrainingHandler.IsDue(spec, state, new ScheduleTick("t", s_now)).Due);
    }

    [Fact]
    public void A_pipeline_that_never_fired_counts_from_the_ticks_start_or_is_due_without_one()
    {
        var spec = Samples.CreditSpec("p") with { Schedule = "0 3 * * *" };

        Assert.True(ScheduledRetrainingHandler.IsDue(spec, null, new ScheduleTick("t", s_now)).Due);
        Assert.False(ScheduledRetrainingHandler.IsDue(spec, null, new ScheduleTick("t", s_now, Since: s_now.AddSeconds(-5))).Due);
    }

    [Fact]
    public void Without_a_schedule_of_its_own_a_pipeline_follows_the_default_or_the_timer()
    {
        var spec = Samples.CreditSpec("p");

        Assert.False(ScheduledRetrainingHandler.IsDue(spec, null, new ScheduleTick("scheduler", s_now, Since: s_now.AddMinutes(-1))).Due);
        Assert.True(ScheduledRetrainingHandler.IsDue(spec, null, new ScheduleTick("scheduler", s_now, Since: s_now.AddMinutes(-1), DefaultSchedule: "0 3 * * *")).Due);
        Assert.True(ScheduledRetrainingHandler.IsDue(spec, null, new ScheduleTick("timer", s_now, UnscheduledAreDue: true)).Due);
        Assert.True(ScheduledRetrainingHandler.IsDue(spec, null, new ScheduleTick("cli", s_now, Force: true)).Due);
    }
}
