using Cd4ml.Core.Metrics;
using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Tests.Metrics;

public sealed class DeliveryMetricsCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = T0.AddDays(14);

    private static AuditEntry Promote(int version, double hours, string? runId = null, string alias = "champion") =>
        new(AuditActions.Promote, "p", alias, version, version - 1, T0.AddHours(hours), runId ?? $"run-{version}", "pipeline", "better");

    private static AuditEntry Rollback(int to, int from, double hours) =>
        new(AuditActions.Rollback, "p", "champion", to, from, T0.AddHours(hours), $"run-{to}", "oncall", "bad");

    private static DeliveryHistory History(IReadOnlyList<AuditEntry> audit, params (string RunId, double Hours)[] starts) =>
        new("p", audit, starts.ToDictionary(s => s.RunId, s => T0.AddHours(s.Hours)));

    [Fact]
    public void Counts_promotions_per_week_and_lead_time_from_run_start_to_the_champion_move()
    {
        // Three promotions in two weeks; the runs started 1 h, 3 h and 10 h before their versions became champion.
        var history = History([Promote(1, 10), Promote(2, 50), Promote(3, 100)], ("run-1", 9), ("run-2", 47), ("run-3", 90));

        var m = DeliveryMetricsCalculator.ForPipeline(history, T0, Until);

        Assert.Equal(3, m.Promotions);
        Assert.Equal(1.5, m.PromotionsPerWeek, 6);
        Assert.Equal(3, m.LeadTimeSamples);
        Assert.Equal(3, m.LeadTimeP50Hours!.Value, 6);
        Assert.Equal(10, m.LeadTimeP90Hours!.Value, 6);
        Assert.Equal(0, m.FailedPromotions);
        Assert.Equal(0, m.ChangeFailureRate);
        Assert.Null(m.TimeToRestoreP50Hours);
    }

    [Fact]
    public void A_promotion_whose_next_champion_move_is_a_rollback_is_a_failure_restored_by_that_rollback()
    {
        var history = History([Promote(1, 10), Promote(2, 20), Rollback(1, 2, 26), Promote(3, 40), Promote(4, 60), Rollback(3, 4, 62)]);

        var m = DeliveryMetricsCalculator.ForPipeline(history, T0, Until);

        Assert.Equal(4, m.Promotions);
        Assert.Equal(2, m.Rollbacks);
        Assert.Equal(2, m.FailedPromotions);
        Assert.Equal(0.5, m.ChangeFailureRate);
        Assert.Equal(2, m.RestoreSamples);
        Assert.Equal(2, m.TimeToRestoreP50Hours!.Value, 6);
        Assert.Equal(6, m.TimeToRestoreP90Hours!.Value, 6);
    }

    [Fact]
    public void Only_moves_inside_the_window_count_and_a_rollback_after_the_window_is_not_yet_a_failure()
    {
        var history = History([Promote(1, -48), Promote(2, 24), Promote(3, 14 * 24 - 1), Rollback(2, 3, 14 * 24 + 5)], ("run-1", -50), ("run-2", 20));

        var m = DeliveryMetricsCalculator.ForPipeline(history, T0, Until);

        Assert.Equal(2, m.Promotions);
        Assert.Equal(0, m.Rollbacks);
        Assert.Equal(0, m.FailedPromotions);
        Assert.Equal(1, m.LeadTimeSamples);
        Assert.Equal(4, m.LeadTimeP50Hours!.Value, 6);
    }

    [Fact]
    public void Re_promoting_an_earlier_version_is_a_deployment_but_gives_no_lead_time_and_other_aliases_are_ignored()
    {
        var history = History([Promote(1, 10), Promote(2, 20), Promote(1, 30, "run-1"), Promote(2, 35, alias: "staging")], ("run-1", 8), ("run-2", 19));

        var m = DeliveryMetricsCalculator.ForPipeline(history, T0, Until);

        Assert.Equal(3, m.Promotions);
        Assert.Equal(2, m.LeadTimeSamples);
        Assert.Equal(1, m.LeadTimeP50Hours!.Value, 6);
        Assert.Equal(2, m.LeadTimeP90Hours!.Value, 6);
    }

    [Fact]
    public void Overall_sums_counts_and_pools_durations_across_pipelines()
    {
        var a = History([Promote(1, 1), Rollback(0, 1, 3)], ("run-1", 0));
        var b = new DeliveryHistory("q", [Promote(1, 5) with { Pipeline = "q" }, Promote(2, 9) with { Pipeline = "q" }],
            new Dictionary<string, DateTimeOffset> { ["run-1"] = T0.AddHours(1), ["run-2"] = T0.AddHours(3) });

        var m = DeliveryMetricsCalculator.Overall([a, b], T0, Until);

        Assert.Null(m.Pipeline);
        Assert.Equal(3, m.Promotions);
        Assert.Equal(1, m.FailedPromotions);
        Assert.Equal(1.0 / 3, m.ChangeFailureRate!.Value, 6);
        Assert.Equal(3, m.LeadTimeSamples); // 1 h, 4 h, 6 h
        Assert.Equal(4, m.LeadTimeP50Hours!.Value, 6);
        Assert.Equal(6, m.LeadTimeP90Hours!.Value, 6);
        Assert.Equal(2, m.TimeToRestoreP50Hours!.Value, 6);
    }

    [Fact]
    public void No_promotions_leave_rates_and_durations_unknown_rather_than_zero()
    {
        var m = DeliveryMetricsCalculator.ForPipeline(History([]), T0, Until);

        Assert.Equal(0, m.Promotions);
        Assert.Equal(0, m.PromotionsPerWeek);
        Assert.Null(m.ChangeFailureRate);
        Assert.Null(m.LeadTimeP50Hours);
        Assert.Null(m.TimeToRestoreP90Hours);
    }

    [Theory]
    [InlineData(50, 5)]
    [InlineData(90, 9)]
    [InlineData(91, 10)]
    [InlineData(100, 10)]
    [InlineData(10, 1)]
    [InlineData(0, 1)]
    public void Percentile_is_the_nearest_rank(double percent, double expected)
    {
        Assert.Equal(expected, DeliveryMetricsCalculator.Percentile([10, 1, 3, 7, 2, 4, 5, 6, 8, 9], percent));
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DeliveryMetricsCalculator.ForPipeline(History([]), Until, T0));
    }
}
