using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;
using static Cd4ml.Core.Promotion.GateText;

namespace Cd4ml.Core.Promotion;

/// <summary>
/// The fairness gate: per sensitive column, the winner's rates in each group, and the largest gap between the
/// groups big enough to judge. One gate result per column; every group goes into the decision's table.
/// </summary>
internal static class GroupFairness
{
    public const string Missing = "(missing)";

    public static (List<GateResult> Gates, List<FairnessGroup> Groups) Evaluate(
        FairnessSpec spec, string task, string candidateId, HoldoutPredictions? predictions, BusinessValueSpec? businessValue = null)
    {
        var gates = new List<GateResult>();
        var groups = new List<FairnessGroup>();
        var metrics = spec.Metrics.Where(m => FairnessMetricNames.For(task).Contains(m, StringComparer.Ordinal)).ToList();
        var threshold = $"disparity ≤ {F(spec.MaxDisparity)} ({string.Join(", ", metrics)}; groups ≥ {Count(spec.MinGroupRows)} rows)";

        foreach (var column in spec.Columns)
        {
            if (task == TaskTypes.Regression)
            {
                gates.Add(Fail(column, "not defined", "-",
                    $"fairness on '{column}' is not defined for regression (it compares classification rates between groups); not promoted"));
                continue;
            }

            if (metrics.Count == 0)
            {
                gates.Add(Fail(column, "no rate to compare", threshold,
                    $"none of {string.Join(", ", spec.Metrics)} is defined for {task}; not promoted"));
                continue;
            }

            if (predictions is null)
            {
                gates.Add(Fail(column, "no predictions", threshold,
                    $"{candidateId} has no holdout predictions, so its groups of '{column}' cannot be compared; not promoted"));
                continue;
            }

            if (!predictions.Groups.TryGetValue(column, out var values))
            {
                var known = predictions.Groups.Count == 0 ? "none" : string.Join(", ", predictions.Groups.Keys.Order(StringComparer.Ordinal));
                gates.Add(Fail(column, "column missing", threshold,
                    $"the sensitive column '{column}' is not in {candidateId}'s holdout predictions (columns there: {known}); not promoted"));
                continue;
            }

            if (values.Length != predictions.Rows)
            {
                gates.Add(Fail(column, "misaligned", threshold,
                    $"'{column}' has {Count(values.Length)} values for {Count(predictions.Rows)} holdout rows; not promoted"));
                continue;
            }

            var table = GroupsOf(column, values, predictions, task, spec.MinGroupRows, businessValue);
            groups.AddRange(table);
            gates.Add(Judge(column, table, metrics, spec, candidateId, threshold));
        }

        return (gates, groups);
    }

    private static GateResult Fail(string column, string observed, string threshold, string reason) =>
        new(PromotionPolicy.FairnessGate, false, $"{column}: {observed}", threshold, reason);

    private static List<FairnessGroup> GroupsOf(string column, string[] values, HoldoutPredictions p, string task, int minGroupRows, BusinessValueSpec? businessValue)
    {
        // rows, positives, predicted positive, true positives, errors
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var binary = task == TaskTypes.Binary;
        for (var i = 0; i < values.Length; i++)
        {
            var key = string.IsNullOrEmpty(values[i]) ? Missing : values[i];
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new int[5];
            }

            var (label, predicted) = (p.Label[i], p.Predicted[i]);
            c[0]++;
            if (binary)
            {
                c[1] += label == 1f ? 1 : 0;
                c[2] += predicted == 1f ? 1 : 0;
                c[3] += label == 1f && predicted == 1f ? 1 : 0;
            }

            c[4] += label == predicted ? 0 : 1;
        }

        return counts.Select(g =>
        {
            var (rows, positives, selected, truePositives, errors) = (g.Value[0], g.Value[1], g.Value[2], g.Value[3], g.Value[4]);
            return new FairnessGroup(
                column,
                g.Key,
                rows,
                positives,
                binary ? (double)selected / rows : null,
                binary && positives > 0 ? (double)truePositives / positives : null,
                (double)errors / rows,
                rows >= minGroupRows)
            {
                // Reported per group, not gated: a value per row has no common scale with the rates' disparity limit.
                BusinessValue = binary && businessValue is not null
                    ? businessValue.MeanValue(new ConfusionCounts(truePositives, selected - truePositives, positives - truePositives, rows - positives - (selected - truePositives)))
                    : null,
            };
        }).ToList();
    }

    private static GateResult Judge(string column, List<FairnessGroup> table, List<string> metrics, FairnessSpec spec, string candidateId, string threshold)
    {
        var gated = table.Where(g => g.Gated).ToList();
        var small = table.Count - gated.Count;
        var smallNote = small == 0 ? "" : $"; {Count(small)} smaller group(s) reported, not judged";

        var gaps = new List<(string Metric, double Gap, FairnessGroup Low, FairnessGroup High)>();
        foreach (var metric in metrics)
        {
            var rated = gated.Where(g => g.Rate(metric) is not null).ToList();
            if (rated.Count >= 2)
            {
                // Ties go to the first group in ordinal order, so the reported pair is stable.
                var low = rated.MinBy(g => g.Rate(metric)!.Value)!;
                var high = rated.MaxBy(g => g.Rate(metric)!.Value)!;
                gaps.Add((metric, high.Rate(metric)!.Value - low.Rate(metric)!.Value, low, high));
            }
        }

        if (gaps.Count == 0)
        {
            return new GateResult(PromotionPolicy.FairnessGate, true,
                $"{column}: {Count(gated.Count)} group(s) with ≥ {Count(spec.MinGroupRows)} rows", threshold,
                $"'{column}' has fewer than two groups with at least {Count(spec.MinGroupRows)} holdout rows, so there is no gap to judge{smallNote}");
        }

        var worst = gaps.OrderByDescending(g => g.Gap).First();
        var observed = $"{column}: {worst.Metric} {F(worst.Low.Rate(worst.Metric)!.Value)} ({column}={worst.Low.Group}) " +
            $"to {F(worst.High.Rate(worst.Metric)!.Value)} ({column}={worst.High.Group}), disparity {F(worst.Gap)}";
        var over = gaps.Where(g => g.Gap > spec.MaxDisparity + Tolerance).ToList();
        if (over.Count == 0)
        {
            return new GateResult(PromotionPolicy.FairnessGate, true, observed, threshold,
                $"{candidateId}'s {string.Join(", ", gaps.Select(g => g.Metric))} differ by at most {F(worst.Gap)} between the " +
                $"{Count(gated.Count)} groups of '{column}' with at least {Count(spec.MinGroupRows)} rows (limit {F(spec.MaxDisparity)}){smallNote}");
        }

        var others = over.Where(g => g.Metric != worst.Metric).Select(g => $"{g.Metric} {F(g.Gap)}").ToList();
        return new GateResult(PromotionPolicy.FairnessGate, false, observed, threshold,
            $"{candidateId}'s {worst.Metric} differs by {F(worst.Gap)} between {column}={worst.High.Group} and {column}={worst.Low.Group}, " +
            $"above the limit {F(spec.MaxDisparity)}{(others.Count == 0 ? "" : $" (also over: {string.Join(", ", others)})")}; not promoted");
    }
}
