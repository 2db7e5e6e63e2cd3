using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>Per-group rates of the winner on each sensitive column, and the largest gap allowed between groups.</summary>
public sealed class FairnessGateTests
{
    private static readonly PromotionSpec s_selection = new()
    {
        PrimaryMetric = BinaryMetricNames.Auc,
        Fairness = new FairnessSpec { Columns = ["sex"], Metrics = [FairnessMetricNames.SelectionRate] },
    };

    [Fact]
    public void Selection_rate_gap_above_the_limit_blocks_even_the_first_model()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 100, positives: 50, predictedPositive: 50, truePositives: 40)
            .Add("sex", "m", rows: 100, positives: 50, predictedPositive: 30, truePositives: 25)
            .Build();

        var decision = Decide(s_selection, p);

        Assert.False(decision.Promote);
        var gate = Assert.Single(decision.Gates, g => g.Gate == PromotionPolicy.FairnessGate);
        Assert.False(gate.Passed);
        Assert.Equal("sex: selectionRate 0.3000 (sex=m) to 0.5000 (sex=f), disparity 0.2000", gate.Observed);
        Assert.Equal("disparity ≤ 0.1000 (selectionRate; groups ≥ 30 rows)", gate.Threshold);
        Assert.Equal("lightgbm's selectionRate differs by 0.2000 between sex=f and sex=m, above the limit 0.1000; not promoted", decision.Summary);
    }

    [Fact]
    public void Selection_rate_gap_within_the_limit_passes()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 100, positives: 50, predictedPositive: 50, truePositives: 40)
            .Add("sex", "m", rows: 100, positives: 50, predictedPositive: 45, truePositives: 38)
            .Build();

        var decision = Decide(s_selection, p);

        Assert.True(decision.Promote, decision.Summary);
        Assert.Contains("differ by at most 0.0500 between the 2 groups of 'sex'", decision.Gates[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_smaller_than_min_group_rows_are_reported_but_not_judged()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 100, positives: 50, predictedPositive: 50, truePositives: 40)
            .Add("sex", "m", rows: 100, positives: 50, predictedPositive: 45, truePositives: 38)
            .Add("sex", "x", rows: 10, positives: 5, predictedPositive: 0, truePositives: 0)
            .Build();

        var decision = Decide(s_selection, p);

        Assert.True(decision.Promote, decision.Summary);
        var small = Assert.Single(decision.Fairness!, g => g.Group == "x");
        Assert.False(small.Gated);
        Assert.Equal(0, small.SelectionRate);
        Assert.EndsWith("; 1 smaller group(s) reported, not judged", decision.Gates[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_table_holds_every_rate_of_every_group()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 100, positives: 40, predictedPositive: 50, truePositives: 30)
            .Add("sex", "m", rows: 60, positives: 0, predictedPositive: 6, truePositives: 0)
            .Build();
        var all = s_selection with { Fairness = new FairnessSpec { Columns = ["sex"], MaxDisparity = 0.5 } };

        var decision = Decide(all, p);

        Assert.Equal(2, decision.Fairness!.Count);
        var f = decision.Fairness[0];
        Assert.Equal(("sex", "f", 100, 40), (f.Column, f.Group, f.Rows, f.Positives));
        Assert.Equal(0.5, f.SelectionRate);
        Assert.Equal(0.75, f.TruePositiveRate);
        Assert.Equal((10 + 20) / 100.0, f.ErrorRate); // 10 positives missed, 20 negatives selected
        var m = decision.Fairness[1];
        Assert.Null(m.TruePositiveRate); // no positive rows: not defined, and not judged
        Assert.Equal(0.1, m.ErrorRate!.Value, 1e-12);
        Assert.True(decision.Promote, decision.Summary);
    }

    [Fact]
    public void The_worst_of_several_gated_rates_is_reported()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 100, positives: 50, predictedPositive: 50, truePositives: 45)
            .Add("sex", "m", rows: 100, positives: 50, predictedPositive: 45, truePositives: 30)
            .Build();
        var spec = s_selection with { Fairness = new FairnessSpec { Columns = ["sex"] } };

        var decision = Decide(spec, p);

        Assert.False(decision.Promote);
        Assert.StartsWith("sex: truePositiveRate 0.6000 (sex=m) to 0.9000 (sex=f), disparity 0.3000", decision.Gates[^1].Observed, StringComparison.Ordinal);
        Assert.Contains("(also over: errorRate 0.2500)", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitive_column_missing_from_the_predictions_fails_with_the_columns_there()
    {
        var p = new GroupedRows().Add("age", "old", rows: 50, positives: 10, predictedPositive: 10, truePositives: 5).Build();

        var decision = Decide(s_selection, p);

        Assert.False(decision.Promote);
        Assert.Equal("the sensitive column 'sex' is not in lightgbm's holdout predictions (columns there: age); not promoted", decision.Summary);
    }

    [Fact]
    public void Candidate_without_predictions_fails_fairness()
    {
        var decision = PromotionPolicy.Decide(s_selection, TaskTypes.Binary, 42,
            [Evaluation.Scores("lightgbm", (BinaryMetricNames.Auc, 0.8))], champion: null);

        Assert.False(decision.Promote);
        Assert.Contains("has no holdout predictions", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_declared_column_is_its_own_gate()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 100, positives: 50, predictedPositive: 50, truePositives: 40, also: ("age", "young"))
            .Add("sex", "m", rows: 100, positives: 50, predictedPositive: 48, truePositives: 38, also: ("age", "old"))
            .Build();
        var spec = s_selection with { Fairness = new FairnessSpec { Columns = ["sex", "age"], Metrics = [FairnessMetricNames.SelectionRate] } };

        var decision = Decide(spec, p);

        Assert.Equal(2, decision.Gates.Count(g => g.Gate == PromotionPolicy.FairnessGate));
        Assert.Equal(["age", "sex"], decision.Fairness!.Select(g => g.Column).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Multiclass_fairness_compares_error_rates_only()
    {
        var p = new HoldoutPredictions
        {
            Task = TaskTypes.Multiclass,
            Classes = ["a", "b", "c"],
            Label = [.. Enumerable.Range(0, 80).Select(i => (float)(i % 3))],
            Predicted = [.. Enumerable.Range(0, 80).Select(i => i < 40 ? (float)(i % 3) : (i % 4 == 0 ? 0f : (float)(i % 3)))],
            Score = [.. Enumerable.Repeat(0.5f, 80)],
            Groups = new Dictionary<string, string[]> { ["region"] = [.. Enumerable.Range(0, 80).Select(i => i < 40 ? "north" : "south")] },
        };
        var promotion = new PromotionSpec
        {
            PrimaryMetric = MetricCatalog.MicroAccuracy,
            Fairness = new FairnessSpec { Columns = ["region"], Metrics = [FairnessMetricNames.ErrorRate], MaxDisparity = 0.05 },
        };

        var decision = PromotionPolicy.Decide(promotion, TaskTypes.Multiclass, 42, [Evaluation.Of("sdca", p)], champion: null);

        Assert.All(decision.Fairness!, g => Assert.Null(g.SelectionRate));
        Assert.Equal(0, decision.Fairness!.Single(g => g.Group == "north").ErrorRate);
        Assert.False(decision.Promote);
        Assert.StartsWith("region: errorRate 0.0000 (region=north) to ", decision.Gates[^1].Observed, StringComparison.Ordinal);
    }

    [Fact]
    public void Fairness_on_regression_is_refused_with_the_reason()
    {
        var p = Predictions.Regression([1, 2, 3], [1, 2, 3]);
        var promotion = new PromotionSpec { PrimaryMetric = MetricCatalog.Rmse, Fairness = new FairnessSpec { Columns = ["sex"] } };

        var decision = PromotionPolicy.Decide(promotion, TaskTypes.Regression, 42, [Evaluation.Of("ols", p)], champion: null);

        Assert.False(decision.Promote);
        Assert.Contains("not defined for regression", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_group_values_form_their_own_group()
    {
        var p = new GroupedRows()
            .Add("sex", "f", rows: 40, positives: 20, predictedPositive: 20, truePositives: 15)
            .Add("sex", "", rows: 40, positives: 20, predictedPositive: 20, truePositives: 15)
            .Build();

        var decision = Decide(s_selection, p);

        Assert.Contains(decision.Fairness!, g => g.Group == "(missing)" && g.Rows == 40);
    }

    private static Decision Decide(PromotionSpec promotion, HoldoutPredictions predictions) =>
        PromotionPolicy.Decide(promotion, TaskTypes.Binary, 42, [Evaluation.Of("lightgbm", predictions)], champion: null);

    /// <summary>Binary holdout rows built group by group from their counts.</summary>
    private sealed class GroupedRows
    {
        private readonly List<(float Label, float Predicted, Dictionary<string, string> Groups)> _rows = [];

        public GroupedRows Add(
            string column, string group, int rows, int positives, int predictedPositive, int truePositives, (string Column, string Group)? also = null)
        {
            var falsePositives = predictedPositive - truePositives;
            for (var i = 0; i < rows; i++)
            {
                // Positives first: the first truePositives of them predicted positive; then negatives, falsePositives of them selected.
                var positive = i < positives;
                var predicted = positive ? i < truePositives : i - positives < falsePositives;
                var groups = new Dictionary<string, string>(StringComparer.Ordinal) { [column] = group };
                if (also is { } other)
                {
                    groups[other.Column] = other.Group;
                }

                _rows.Add((positive ? 1f : 0f, predicted ? 1f : 0f, groups));
            }

            return this;
        }

        public HoldoutPredictions Build()
        {
            var columns = _rows.SelectMany(r => r.Groups.Keys).Distinct().ToList();
            return new HoldoutPredictions
            {
                Task = TaskTypes.Binary,
                Classes = ["good", "bad"],
                Label = [.. _rows.Select(r => r.Label)],
                Predicted = [.. _rows.Select(r => r.Predicted)],
                Score = [.. _rows.Select((r, i) => r.Predicted == 1 ? 0.6f + (i % 7 / 100f) : 0.4f - (i % 7 / 100f))],
                Calibrated = true,
                Groups = columns.ToDictionary(c => c, c => _rows.Select(r => r.Groups.GetValueOrDefault(c, "")).ToArray(), StringComparer.Ordinal),
            };
        }
    }
}
