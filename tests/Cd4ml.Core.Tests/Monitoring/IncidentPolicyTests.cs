using Cd4ml.Core.Monitoring;
using static Cd4ml.Core.Tests.Monitoring.MonitoringRows;

namespace Cd4ml.Core.Tests.Monitoring;

public sealed class IncidentPolicyTests
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromHours(24);

    private static WindowVerdict Healthy(int i) => new($"r{i + 1}", i, true, false, []);

    private static WindowVerdict Degraded(int i) => new($"r{i + 1}", i, true, true, ["auc dropped"]);

    private static Incident Opened(string window, double hours, int version = 1, string status = IncidentStates.Open) => new()
    {
        Id = Incident.IdFor(T0.AddHours(hours), version),
        Pipeline = "p",
        ModelVersion = version,
        Window = window,
        OpenedAt = T0.AddHours(hours),
        Status = status,
        Reasons = ["auc dropped"],
        Action = "alert",
    };

    private static WindowVerdict DriftOnly(int i, bool degraded) => new($"r{i + 1}", i, true, degraded, degraded ? ["input drift"] : [], MetricsJudged: false);

    [Fact]
    public void The_latest_window_with_labels_opens_its_incident_although_newer_windows_are_judged_on_drift_alone()
    {
        var plan = IncidentPolicy.Plan([Healthy(0), Degraded(1), DriftOnly(2, false), DriftOnly(3, false)], [], 1, T0, Cooldown);

        Assert.Equal("r2", plan.Open?.Window);
    }

    [Fact]
    public void A_window_degraded_on_drift_alone_opens_an_incident_when_the_labelled_windows_are_healthy()
    {
        var plan = IncidentPolicy.Plan([Healthy(0), DriftOnly(1, false), DriftOnly(2, true)], [], 1, T0, Cooldown);

        Assert.Equal("r3", plan.Open?.Window);
    }

    [Fact]
    public void A_healthy_window_without_labels_closes_only_an_incident_opened_on_drift_alone()
    {
        var windows = new[] { Degraded(0), DriftOnly(1, true), DriftOnly(2, false) };

        var plan = IncidentPolicy.Plan(windows, [Opened("r1", 0), Opened("r2", 1)], 1, T0.AddHours(30), Cooldown);

        Assert.Equal(["r2"], plan.Close.Select(c => c.Incident.Window));
    }

    [Fact]
    public void A_degraded_latest_window_opens_one_incident()
    {
        var plan = IncidentPolicy.Plan([Healthy(0), Degraded(1)], [], 1, T0, Cooldown);

        Assert.Equal("r2", plan.Open?.Window);
        Assert.Empty(plan.Close);
    }

    [Fact]
    public void Evaluating_again_opens_nothing_for_a_window_that_has_its_incident()
    {
        var plan = IncidentPolicy.Plan([Healthy(0), Degraded(1)], [Opened("r2", 0)], 1, T0.AddHours(30), Cooldown);

        Assert.Null(plan.Open);
        Assert.Contains("already has an incident", plan.OpenBlockedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_degraded_window_inside_the_cooldown_opens_nothing_and_says_why()
    {
        var plan = IncidentPolicy.Plan([Degraded(0), Degraded(1)], [Opened("r1", 0)], 1, T0.AddHours(23), Cooldown);

        Assert.Null(plan.Open);
        Assert.Contains("cooldown", plan.OpenBlockedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_cooldown_a_new_degraded_window_opens_a_new_incident()
    {
        var plan = IncidentPolicy.Plan([Degraded(0), Degraded(1)], [Opened("r1", 0)], 1, T0.AddHours(25), Cooldown);

        Assert.Equal("r2", plan.Open?.Window);
    }

    [Fact]
    public void A_later_healthy_window_closes_the_open_incident()
    {
        var plan = IncidentPolicy.Plan([Degraded(0), Healthy(1)], [Opened("r1", 0)], 1, T0.AddHours(2), Cooldown);

        var (incident, closedBy) = Assert.Single(plan.Close);
        Assert.Equal(("r1", IncidentStates.HealthyWindow), (incident.Window, closedBy));
        Assert.Null(plan.Open);
    }

    [Fact]
    public void A_new_champion_closes_the_open_incident_of_the_old_one()
    {
        var plan = IncidentPolicy.Plan([], [Opened("r1", 0, version: 1)], 2, T0.AddHours(2), Cooldown);

        Assert.Equal(IncidentStates.NewChampion, Assert.Single(plan.Close).ClosedBy);
    }

    [Fact]
    public void A_window_with_too_few_rows_to_judge_opens_nothing()
    {
        var plan = IncidentPolicy.Plan([new WindowVerdict("r1", 0, Judged: false, Degraded: false, ["12 labelled rows"])], [], 1, T0, Cooldown);

        Assert.Null(plan.Open);
    }
}
