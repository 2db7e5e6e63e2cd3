using System.Globalization;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Reports;

/// <summary>
/// The card's "Decisions" section as text, shared by the Markdown and HTML renderings: how the winner was selected,
/// every candidate's selection and holdout metric, the decision threshold, the business value matrix and the curves' numbers.
/// </summary>
public static class ModelCardDecisions
{
    public static IReadOnlyList<string> RankingHeader { get; } = ["candidate", "selected on", "selection", "holdout", "problem"];

    /// <summary>How the winner was picked among candidates.</summary>
    public static string Selection(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var metric = m.Spec.Promotion.PrimaryMetric;
        return m.Selection is { } s && s.Metrics.TryGetValue(metric, out var v) && m.Decision.Ranking is { Count: > 1 }
            ? $"picked among {m.Decision.Ranking.Count} candidates on {s.Source} of the training part ({metric} {F(v, "0.0000")}); " +
              $"the holdout ({metric} {ModelCard.Metric(m.Metrics, metric)}) was used once, to compare it with the champion"
            : "picked on the holdout: a single candidate, or a version recorded before selection on validation";
    }

    public static IEnumerable<string[]> RankingRows(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return (m.Decision.Ranking ?? []).Select(r => new[]
        {
            r.Id == m.CandidateId ? $"{r.Id} (winner)" : r.Id,
            r.SelectionSource ?? "holdout",
            r.Selection is { } s ? F(s, "0.0000") : "-",
            r.Holdout is { } h ? F(h, "0.0000") : "-",
            r.Problem ?? "",
        });
    }

    /// <summary>The threshold baked into the model, or why there is none.</summary>
    public static string Threshold(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.DecisionThreshold is { } t
            ? t.ToString()
            : m.Spec.Task == TaskTypes.Binary ? "not recorded in this version's manifest (ML.NET's default: Score 0, probability 0.5)" : $"not applicable ({m.Spec.Task})";
    }

    /// <summary>The business value matrix as a 2×2 table (actual by predicted), or null when the spec defines none.</summary>
    public static IReadOnlyList<string[]>? BusinessValueRows(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spec.Promotion.BusinessValue is not { } v
            ? null
            : [["actual positive", Money(v.TruePositive), Money(v.FalseNegative)], ["actual negative", Money(v.FalsePositive), Money(v.TrueNegative)]];
    }

    public static IReadOnlyList<string> BusinessValueHeader { get; } = ["value per row", "predicted positive", "predicted negative"];

    /// <summary>The mean business value per holdout row, in money-like units, or null when not defined.</summary>
    public static string? BusinessValue(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Metrics.TryGetValue(Training.BinaryMetricNames.BusinessValue, out var v) && double.IsFinite(v)
            ? $"{Money(v)} per row on the holdout at the decision threshold ({Money(v * 1000)} per 1,000 decisions)"
            : null;
    }

    public static IReadOnlyList<string> GroupValueHeader { get; } = ["column", "group", "rows", "business value per row"];

    /// <summary>The winner's business value per row in each fairness group, or null when there is none to show.</summary>
    public static IReadOnlyList<string[]>? GroupValueRows(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var groups = m.Decision.Fairness?.Where(g => g.BusinessValue is not null).ToList();
        return groups is { Count: > 0 }
            ? [.. groups.Select(g => new[] { g.Column, g.Group, g.Rows.ToString("N0", CultureInfo.InvariantCulture), Money(g.BusinessValue!.Value) })]
            : null;
    }

    /// <summary>The curves' numbers, for readers without the HTML charts.</summary>
    public static string Curves(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Curves is not { } c)
        {
            return m.Spec.Task == TaskTypes.Binary ? "not recorded in this version's manifest" : $"not applicable ({m.Spec.Task})";
        }

        var chosen = c.Chosen is { } p
            ? $"at the threshold: recall {F(p.Recall, "0.000")}, precision {F(p.Precision, "0.000")}"
            : "at the threshold no holdout row is predicted positive";
        var calibration = c.ExpectedCalibrationError is { } ece
            ? $"; expected calibration error {F(ece, "0.0000")} over {c.Calibration.Count} bins"
            : "; no calibration curve (the trainer's score is not a probability)";
        return chosen + calibration;
    }

    private static string Money(double value) => value.ToString("+#,##0.00;-#,##0.00;0.00", CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
