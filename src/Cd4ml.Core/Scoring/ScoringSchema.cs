namespace Cd4ml.Core.Scoring;

/// <summary>
/// Where each column the model reads is in a scoring file's header, or which columns are missing or unexpected.
/// A scoring file must have every column the champion was trained on except the label and excluded columns; it may
/// also have those (they are ignored), and nothing else: an unexpected column usually means the wrong file or a
/// renamed column, and scoring it with the column's value missing would give quietly wrong predictions.
/// </summary>
public sealed record ScoringSchema(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> Duplicated, int[] InputFields, int IdField, int FieldCount)
{
    public bool Matches => Missing.Count == 0 && Unexpected.Count == 0 && Duplicated.Count == 0;

    /// <summary>"missing columns: a, b; unexpected columns: c" — what a refusal says.</summary>
    public string Problem(int version)
    {
        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"missing column(s) {Names(Missing)}");
        }

        if (Unexpected.Count > 0)
        {
            parts.Add($"unexpected column(s) {Names(Unexpected)} (allowed besides the model's columns: the label, the id column and the spec's exclude list)");
        }

        if (Duplicated.Count > 0)
        {
            parts.Add($"column(s) named more than once {Names(Duplicated)}");
        }

        return $"the columns do not match the schema of v{version}: {string.Join("; ", parts)}";
    }

    /// <param name="model">The model.</param>
    /// <param name="header">The file's column names.</param>
    /// <param name="requireId">Whether the spec's id column must be there (batch files: yes; online rows: no).</param>
    public static ScoringSchema Match(ScoringModel model, IReadOnlyList<string> header, bool requireId = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(header);
        var names = header.Select(h => h.Trim()).ToList();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicated = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!position.TryAdd(names[i], i))
            {
                duplicated.Add(names[i]);
            }
        }

        var inputs = model.Inputs.Select(c => position.TryGetValue(c.Name, out var at) ? at : -1).ToArray();
        var missing = model.Inputs.Where((_, i) => inputs[i] < 0).Select(c => c.Name).ToList();
        if (requireId && model.IdColumn is { } required && !position.ContainsKey(required))
        {
            missing.Add(required);
        }

        var known = new HashSet<string>(model.Inputs.Select(c => c.Name), StringComparer.Ordinal);
        var unexpected = names.Where(n => !known.Contains(n) && !model.Ignored.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        var id = model.IdColumn is { } idColumn && position.TryGetValue(idColumn, out var idAt) ? idAt : -1;
        return new ScoringSchema(missing, unexpected, duplicated, inputs, id, names.Count);
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
