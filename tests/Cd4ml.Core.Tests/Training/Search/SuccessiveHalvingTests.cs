using Cd4ml.Core.Reports;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using Cd4ml.Core.Training.Search;

namespace Cd4ml.Core.Tests.Training.Search;

/// <summary>A rung keeps the best by the selection metric (validation rows), never by the holdout.</summary>
public sealed class SuccessiveHalvingTests
{
    [Fact]
    public void A_rung_keeps_the_best_on_validation_even_when_the_holdout_ranks_them_otherwise()
    {
        // The holdout order is the reverse of the validation order: a holdout-driven search would keep a, b, c.
        var results = new[]
        {
            Result("a", selection: 0.61, holdout: 0.90),
            Result("b", selection: 0.64, holdout: 0.85),
            Result("c", selection: 0.70, holdout: 0.80),
            Result("d", selection: 0.75, holdout: 0.70),
            Result("e", selection: 0.81, holdout: 0.60),
            Result("f", selection: 0.79, holdout: 0.50),
        };

        Assert.Equal(["e", "f"], SuccessiveHalving.Keep(results, BinaryMetricNames.Auc, 2));
    }

    [Fact]
    public void A_loss_keeps_the_lowest()
    {
        var results = new[] { Result("a", 0.40, 0.1, MetricCatalog.LogLoss), Result("b", 0.20, 0.9, MetricCatalog.LogLoss), Result("c", 0.30, 0.1, MetricCatalog.LogLoss) };

        Assert.Equal(["b"], SuccessiveHalving.Keep(results, MetricCatalog.LogLoss, 1));
    }

    [Fact]
    public void A_failed_or_unmeasured_configuration_ranks_after_every_measured_one_and_ties_go_to_the_smaller_id()
    {
        var results = new[]
        {
            Result("a", double.NaN, 0.99),
            Result("b", 0.70, 0.5) with { Problem = "training failed" },
            Result("d", 0.60, 0.5),
            Result("c", 0.60, 0.5),
            Result("e", 0.55, 0.99) with { Selection = null },
        };

        Assert.Equal(["c", "d", "a"], SuccessiveHalving.Keep(results, BinaryMetricNames.Auc, 3));
        Assert.Null(SuccessiveHalving.SelectionValue(results[1], BinaryMetricNames.Auc));
    }

    private static CandidateResult Result(string id, double selection, double holdout, string metric = BinaryMetricNames.Auc) =>
        new(id, "LightGbm", new Dictionary<string, double>(), new Dictionary<string, double> { [metric] = holdout }, 1, null, null, 100, null)
        {
            Selection = new SelectionEvidence(SelectionSources.ValidationSplit, new Dictionary<string, double> { [metric] = selection }, 50),
        };
}
