using System.Globalization;

namespace Cd4ml.Core.Reports;

/// <summary>
/// A search's rungs as text, shared by the model card (Markdown and HTML) and the dashboard's run page: one row per
/// configuration per rung, with its budget, parameters, selection metric and whether it went on.
/// </summary>
public static class SearchRows
{
    public static IReadOnlyList<string> Header(SearchReport search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return ["rung", "budget (share of training rows)", "configuration", "trainer", "parameters", $"{search.Metric} (selection)", "went on", "fit s"];
    }

    /// <summary>A sentence for the whole search: strategy, rung sizes and where the selection metric was measured.</summary>
    public static string Summary(SearchReport search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var source = search.Rungs.SelectMany(r => r.Trials).Select(t => t.SelectionSource).FirstOrDefault(s => s is not null) ?? "validation rows";
        var sizes = string.Join(" → ", search.Rungs.Select(r => r.Trials.Count.ToString(CultureInfo.InvariantCulture)));
        return $"{search.Strategy} (eta {search.Eta}, seed {search.Seed}): {sizes} configurations; each rung kept the best 1/{search.Eta} " +
               $"by {search.Metric} on {source} of the training part, never the holdout; the last rung, trained on every training row, competed with the champion";
    }

    public static IEnumerable<string[]> Rows(SearchReport search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var last = search.Rungs.Count - 1;
        return search.Rungs.SelectMany(rung => rung.Trials.Select(t => new[]
        {
            rung.Index.ToString(CultureInfo.InvariantCulture),
            Budget(rung.Budget),
            t.Id,
            t.Trainer,
            string.Join(", ", t.Parameters.Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}")),
            t.Selection is { } s ? s.ToString("0.0000", CultureInfo.InvariantCulture) : t.Problem ?? "-",
            t.Survived ? rung.Index == last ? "candidate" : "yes" : "no",
            t.TrainingSeconds.ToString("0.00", CultureInfo.InvariantCulture),
        }));
    }

    /// <summary>1/27 rather than 0.037: budgets are powers of eta.</summary>
    public static string Budget(double share) =>
        share >= 1 ? "1" : $"1/{Math.Round(1 / share).ToString(CultureInfo.InvariantCulture)}";
}
