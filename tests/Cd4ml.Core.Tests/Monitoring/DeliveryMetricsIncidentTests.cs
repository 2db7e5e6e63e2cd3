using Cd4ml.Core.Metrics;
using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Tests.Monitoring;

public sealed class DeliveryMetricsIncidentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditEntry Promote(int version, double hours) =>
        new(AuditActions.Promote, "p", "champion", version, version - 1, T0.AddHours(hours), $"run-{version}", "pipeline", "better");

    [Fact]
    public void A_promotion_followed_by_an_incident_on_its_version_is_a_failure_restored_when_the_incident_closes()
    {
        // v2 degrades 5 h after promotion; the incident closes 3 h later. v1's incident opened before v2 replaced it
        // and never closed: a failure with no restore sample yet.
        var history = new DeliveryHistory("p", [Promote(1, 10), Promote(2, 20)], new Dictionary<string, DateTimeOffset>(),
            [new IncidentSpan(2, T0.AddHours(25), T0.AddHours(28)), new IncidentSpan(1, T0.AddHours(12), null)]);

        var m = DeliveryMetricsCalculator.ForPipeline(history, T0, T0.AddDays(7));

        Assert.Equal(2, m.Promotions);
        Assert.Equal(2, m.FailedPromotions);
        Assert.Equal(1.0, m.ChangeFailureRate);
        Assert.Equal(1, m.RestoreSamples);
        Assert.Equal(3, m.TimeToRestoreP50Hours!.Value, 6);
    }

    [Fact]
    public void An_incident_of_a_version_opened_after_it_was_replaced_does_not_fail_the_promotion()
    {
        var history = new DeliveryHistory("p", [Promote(1, 10), Promote(2, 20)], new Dictionary<string, DateTimeOffset>(),
            [new IncidentSpan(1, T0.AddHours(30), T0.AddHours(31))]);

        var m = DeliveryMetricsCalculator.ForPipeline(history, T0, T0.AddDays(7));

        Assert.Equal(0, m.FailedPromotions);
        Assert.Equal(0, m.RestoreSamples);
    }
}
