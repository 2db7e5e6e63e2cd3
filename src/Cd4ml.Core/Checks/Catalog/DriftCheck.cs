using Cd4ml.Core.Checks.Drift;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Checks.Catalog;

/// <summary>
/// How far each numeric feature's distribution moved since the champion's training data: the population stability
/// index over ten bins at the champion data's deciles. Passes with a note when there is no champion yet.
/// </summary>
public sealed class DriftCheck : IDataCheck
{
    public const string Name = "drift";

    public DataCheckDefinition Definition { get; } = new(
        Name,
        "the population stability index (PSI) of each numeric feature against the champion's training data, over 10 bins at that data's deciles",
        ThresholdKind.MaxScore, Warn: 0.1, Fail: 0.25, CanDisable: true, HasColumnThresholds: true,
        "the industry convention for PSI: below 0.1 no significant change, 0.1 to 0.25 a moderate shift worth a look, " +
        "above 0.25 a major shift the champion's metrics no longer describe");

    public IReadOnlyList<CheckResult> Evaluate(DataCheckContext context)
    {
        if (context.Reference is not { } reference)
        {
            return [new CheckResult(Name, CheckStatus.Pass, "no champion yet", Threshold(context.ThresholdsFor(null).Warn ?? context.ThresholdsFor(null).Fail),
                "no champion yet: there is no training data to compare with")];
        }

        var measured = new List<(string Column, double Value)>();
        foreach (var current in context.Profile.Columns.Where(c => context.IsFeature(c.Name)))
        {
            if (current.Numeric is not { Count: > 0 } now
                || reference.Column(current.Name)?.Numeric is not { Count: > 0 } then
                || current.Type != InferredType.Numeric)
            {
                continue; // not numeric on both sides: the schema check reports a changed type
            }

            measured.Add((current.Name, Measure(then.Sketch, now.Sketch)));
        }

        return DriftResults.From(context, Name, measured, "PSI", Threshold,
            (column, psi) => $"the distribution of '{column}' moved since the champion's training data (PSI {psi} over its 10 deciles)");
    }

    /// <summary>PSI read off the sketches: the reference's deciles as edges, each side's rank for the shares.</summary>
    private static double Measure(QuantileSketch reference, QuantileSketch current) =>
        NumericBins.Psi(reference.Quantile, reference.Rank, current.Rank);

    private static string Threshold(double? bound) => bound is { } b ? $"PSI ≤ {CheckText.Score(b)}" : "any PSI";
}
