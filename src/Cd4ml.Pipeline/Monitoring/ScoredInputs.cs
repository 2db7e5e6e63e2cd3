using System.Globalization;
using Cd4ml.Core.Monitoring;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// The scored input row behind each labelled row, found in the scored input copy (contract item 4) by id, or by line
/// number when the spec has no id column. Each copy is read once per evaluation.
/// </summary>
internal sealed class ScoredInputs(MonitoringStore store, string? idColumn, List<string> problems)
{
    private readonly Dictionary<string, Dictionary<string, IReadOnlyDictionary<string, string>>?> _byBlob = new(StringComparer.Ordinal);

    /// <summary>The input cells by column name for each row, aligned with <paramref name="rows"/>; null where the input was not found.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>?>> ForAsync(IReadOnlyList<LabelledRow> rows, CancellationToken ct)
    {
        var result = new List<IReadOnlyDictionary<string, string>?>(rows.Count);
        foreach (var row in rows)
        {
            var blob = row.Scored.InputBlob;
            if (!_byBlob.TryGetValue(blob, out var index))
            {
                _byBlob[blob] = index = await LoadAsync(blob, ct).ConfigureAwait(false);
            }

            result.Add(index is not null && index.TryGetValue(row.Scored.Key, out var cells) ? cells : null);
        }

        return result;
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<string, string>>?> LoadAsync(string blob, CancellationToken ct)
    {
        if (await store.ReadScoredInputAsync(blob, problems, ct).ConfigureAwait(false) is not { } table)
        {
            problems.Add($"the scored input copy {blob} is missing: its rows have no drift, groups or retraining data");
            return null;
        }

        var id = idColumn is null ? -1 : table.IndexOf(idColumn);
        var index = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < table.Header.Count && i < row.Cells.Length; i++)
            {
                cells[table.Header[i]] = row.Cells[i];
            }

            var key = id >= 0 ? (id < row.Cells.Length ? row.Cells[id] : "") : row.Line.ToString(CultureInfo.InvariantCulture);
            index.TryAdd(key, cells);
        }

        return index;
    }
}
