using Cd4ml.Core.Checks.Drift;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// How far each categorical feature's mix of values moved since the champion's training data: the Jensen–Shannon
/// distance of the category shares. Passes with a note when there is no champion yet.
/// </summary>
public sealed class CategoryDriftCheck : IDataCheck
{
    public const string Name = "category-drift";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the Jensen–Shannon distance (base 2, from 0 to 1) of each categorical feature's value shares against the champion's training data",
        ThresholdKind.MaxShare, Warn: 0.1, Fail: 0.2, CanDisable: true, HasColumnThresholds: true,
        "a distance of 0.1 is about a tenth of the rows changing category (a category going from 50% to 40%); " +
        "0.2 is a change of a fifth or more, or a new category taking a large share, which the champion never saw");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        if (context.Reference is not { } reference)
        {
            return [new CheckResult(Name, CheckStatus.Pass, "no champion yet", Threshold(context.ThresholdsFor(null).Warn ?? context.ThresholdsFor(null).Fail),
                "no champion yet: there is no training data to compare with")];
        }

        var measured = new List<(string Column, double Value)>();
        foreach (var current in context.Profile.Columns.Where(c => context.IsFeature(c.Name) && IsCategorical(c)))
        {
            if (reference.Column(current.Name) is not { } then || !IsCategorical(then) || then.Count == 0 || current.Count == 0)
            {
                continue; // a changed type is the schema check's; an empty column is completeness's
            }

            var (p, q) = CategoryShares.Align(then, current);
            measured.Add((current.Name, JensenShannon.Distance(p, q)));
        }

        return DriftResults.From(context, Name, measured, "JS distance", Threshold,
            (column, distance) => $"the mix of values of '{column}' moved since the champion's training data (Jensen–Shannon distance {distance})");
    }

    private static bool IsCategorical(ColumnProfile column) => column.Type is InferredType.Categorical or InferredType.Boolean;

    private static string Threshold(double? bound) => bound is { } b ? $"JS distance ≤ {CheckText.Score(b)}" : "any distance";
}
