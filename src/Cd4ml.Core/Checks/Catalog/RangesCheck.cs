using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// Numeric columns stay within the range the spec declares (<c>columns.X.min</c> / <c>max</c>): the profile's exact
/// minimum and maximum are compared, and a value outside is reported with the line it was first seen on.
/// </summary>
public sealed class RangesCheck : IDataCheck
{
    public const string Name = "ranges";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the smallest and largest value of each column with a declared min or max",
        ThresholdKind.Severity, Warn: null, Fail: 0, CanDisable: true, HasColumnThresholds: true,
        "a declared range is a fact about the world (an age is 0 to 120); a value outside it is an error in the data, " +
        "so it fails unless the spec makes it a warning");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        var results = new List<CheckResult>();
        var declared = context.Spec.Columns.Where(c => c.Value.Min is not null || c.Value.Max is not null).ToList();
        foreach (var (name, column) in declared)
        {
            var found = context.Profile.Column(name);
            if (found is null)
            {
                continue; // the schema check reports a declared column that is missing
            }

            var range = Describe(name, column);
            var status = Grading.Severity(context.ThresholdsFor(name));
            if (found.Numeric is not { Count: > 0 } numeric)
            {
                if (found.Type != InferredType.Empty)
                {
                    results.Add(new CheckResult(Name, status, $"{ColumnTypes.Describe(found.Type)}, not numeric", range,
                        $"'{name}' has a declared range but its values are not numbers, so the range cannot be checked", name));
                }

                continue;
            }

            var low = column.Min is { } min && numeric.Min < min;
            var high = column.Max is { } max && numeric.Max > max;
            if (low || high)
            {
                var problems = new List<string>();
                if (low)
                {
                    problems.Add($"{CheckText.Number(numeric.Min)} at line {numeric.MinLine} is below the minimum {CheckText.Number(column.Min!.Value)}");
                }

                if (high)
                {
                    problems.Add($"{CheckText.Number(numeric.Max)} at line {numeric.MaxLine} is above the maximum {CheckText.Number(column.Max!.Value)}");
                }

                results.Add(new CheckResult(Name, status, $"{CheckText.Number(numeric.Min)} to {CheckText.Number(numeric.Max)}", range,
                    $"'{name}' has values outside its declared range: {string.Join("; ", problems)}", name));
            }
        }

        if (results.Count == 0)
        {
            results.Add(new CheckResult(Name, CheckStatus.Pass, CheckText.Count(declared.Count, "declared range"), "values within declared ranges",
                declared.Count == 0 ? "the spec declares no ranges" : $"every value of {CheckText.Names(declared.Select(d => d.Key))} is within its declared range"));
        }

        return results;
    }

    private static string Describe(string name, ColumnSpec column) => (column.Min, column.Max) switch
    {
        ({ } min, { } max) => $"{CheckText.Number(min)} ≤ {name} ≤ {CheckText.Number(max)}",
        ({ } min, null) => $"{name} ≥ {CheckText.Number(min)}",
        (null, { } max) => $"{name} ≤ {CheckText.Number(max)}",
        _ => "",
    };
}
