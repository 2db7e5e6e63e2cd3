namespace Cd4ml.Core.Checks.Catalog;

/// <summary>Turns per-column drift measures into results: one per column over a threshold, or one pass naming the largest.</summary>
internal static class DriftResults
{
    public static IReadOnlyList<CheckResult> From(
        DataCheckContext context,
        string name,
        IReadOnlyList<(string Column, double Value)> measured,
        string metric,
        Func<double?, string> threshold,
        Func<string, string, string> problem)
    {
        var results = new List<CheckResult>();
        foreach (var (column, value) in measured)
        {
            var grade = Grading.Above(value, context.ThresholdsFor(column));
            if (grade.Status == CheckStatus.Pass)
            {
                continue;
            }

            var level = grade.Status == CheckStatus.Fail
                ? $"above the failure threshold {CheckText.Score(grade.Bound ?? 0)}: the champion's metrics may not describe this data"
                : $"above the warning threshold {CheckText.Score(grade.Bound ?? 0)}";
            results.Add(new CheckResult(name, grade.Status, $"{metric} {CheckText.Score(value)}", threshold(grade.Bound),
                $"{problem(column, CheckText.Score(value))}, {level}", column));
        }

        if (results.Count == 0)
        {
            var thresholds = context.ThresholdsFor(null);
            if (measured.Count == 0)
            {
                results.Add(new CheckResult(name, CheckStatus.Pass, "no columns compared", threshold(thresholds.Warn ?? thresholds.Fail),
                    "no feature column of this kind is in both this data and the champion's training data"));
            }
            else
            {
                var largest = measured.MaxBy(m => m.Value);
                results.Add(new CheckResult(name, CheckStatus.Pass, $"largest {metric} {CheckText.Score(largest.Value)}", threshold(thresholds.Warn ?? thresholds.Fail),
                    $"{CheckText.Count(measured.Count, "column")} compared with the champion's training data; the largest {metric} is " +
                    $"{CheckText.Score(largest.Value)} ('{largest.Column}')"));
            }
        }

        return results;
    }
}
