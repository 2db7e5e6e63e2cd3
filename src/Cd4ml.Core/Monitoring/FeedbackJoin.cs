using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Monitoring;

/// <summary>One feedback file: its name (<c>{name}</c> of <c>feedback/{pipeline}/{name}.csv</c>), when it arrived, its rows.</summary>
public sealed record FeedbackFile(string Name, DateTimeOffset ArrivedAt, CsvTable Table);

/// <summary>What the join did with every feedback row (RELIABILITY 38: nothing is silently joined or dropped).</summary>
public sealed record JoinCounts
{
    public int FeedbackRows { get; init; }

    public int Joined { get; init; }

    /// <summary>Feedback rows whose id matched no scored row.</summary>
    public int UnknownIds { get; init; }

    /// <summary>Feedback rows replaced by a later row for the same id (the latest label wins).</summary>
    public int DuplicateIds { get; init; }

    /// <summary>Labels that are not one of the model's classes (classification) or not a number (regression).</summary>
    public int LabelsOutsideClasses { get; init; }

    /// <summary>Rows without an id, a label or (without an id column) a source.</summary>
    public int Unreadable { get; init; }

    /// <summary>The first few problems of each kind, with file and line.</summary>
    public IReadOnlyList<string> Samples { get; init; } = [];
}

/// <summary>Joins late labels to scored rows by id (or by predictions file and line when the spec has no id column).</summary>
public static class FeedbackJoin
{
    public const string SourceColumn = "source";

    /// <summary>How many problems of each kind the counts keep as samples.</summary>
    public const int SamplesPerKind = 5;

    /// <summary>
    /// The labelled rows, one per scored row that has a label, and the counts. Feedback files are applied in arrival
    /// order and rows in line order, so for a duplicated id the latest label wins. A scored id that appears in
    /// several predictions files is joined to the most recently scored one.
    /// </summary>
    public static (List<LabelledRow> Rows, JoinCounts Counts) Join(
        IReadOnlyList<ScoredRow> scored, IReadOnlyList<FeedbackFile> feedback, string labelColumn, string? idColumn, string task, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(feedback);
        var byKey = new Dictionary<string, ScoredRow>(StringComparer.Ordinal);
        foreach (var row in scored.OrderBy(r => r.ScoredAt).ThenBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line))
        {
            byKey[KeyOf(idColumn, SourceName(row.File), row.Key)] = row;
        }

        var known = new HashSet<string>(classes, StringComparer.Ordinal);
        var labels = new Dictionary<string, LabelledRow>(StringComparer.Ordinal);
        var samples = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var (total, unknown, duplicates, outside, unreadable) = (0, 0, 0, 0, 0);
        void Note(string kind, string text)
        {
            if (!samples.TryGetValue(kind, out var list))
            {
                samples[kind] = list = [];
            }

            if (list.Count < SamplesPerKind)
            {
                list.Add(text);
            }
        }

        foreach (var file in feedback.OrderBy(f => f.ArrivedAt).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var table = file.Table;
            var (id, label, source) = (table.IndexOf(idColumn ?? PredictionsReader.LineColumn), table.IndexOf(labelColumn), table.IndexOf(SourceColumn));
            var missing = new[] { (idColumn ?? PredictionsReader.LineColumn, id), (labelColumn, label) }.Concat(idColumn is null ? [(SourceColumn, source)] : [])
                .Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
            if (missing.Count > 0)
            {
                total += table.Rows.Count;
                unreadable += table.Rows.Count;
                Note("unreadable", $"{table.File}:1: no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (columns: {string.Join(", ", table.Header)}); its {table.Rows.Count} row(s) cannot be joined");
                continue;
            }

            foreach (var row in table.Rows)
            {
                total++;
                string Cell(int i) => i < row.Cells.Length ? row.Cells[i].Trim() : "";
                var (rowId, rowLabel) = (Cell(id), Cell(label));
                var rowSource = idColumn is null ? SourceName(Cell(source)) : "";
                if (rowId.Length == 0 || rowLabel.Length == 0 || (idColumn is null && rowSource.Length == 0))
                {
                    unreadable++;
                    Note("unreadable", $"{table.File}:{row.Line}: an empty id, label or source");
                    continue;
                }

                if (!IsKnownLabel(task, known, rowLabel))
                {
                    outside++;
                    Note("outside", $"{table.File}:{row.Line}, column '{labelColumn}': '{rowLabel}' is not one of the model's classes ({string.Join(", ", classes)})");
                    continue;
                }

                var key = KeyOf(idColumn, rowSource, rowId);
                if (!byKey.TryGetValue(key, out var match))
                {
                    unknown++;
                    Note("unknown", $"{table.File}:{row.Line}: id '{rowId}'{(idColumn is null ? $" of '{rowSource}'" : "")} matches no scored row");
                    continue;
                }

                if (labels.ContainsKey(key))
                {
                    duplicates++;
                    Note("duplicate", $"{table.File}:{row.Line}: id '{rowId}' was labelled before; this later label replaces it");
                }

                labels[key] = new LabelledRow(match, rowLabel, file.Name, row.Line);
            }
        }

        var counts = new JoinCounts
        {
            FeedbackRows = total,
            Joined = labels.Count,
            UnknownIds = unknown,
            DuplicateIds = duplicates,
            LabelsOutsideClasses = outside,
            Unreadable = unreadable,
            Samples = samples.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value).ToList(),
        };
        return (labels.Values.ToList(), counts);
    }

    /// <summary>A feedback <c>source</c> may name the predictions file as <c>predictions/{p}/{name}.csv</c>, <c>{name}.csv</c> or <c>{name}</c>.</summary>
    public static string SourceName(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var name = source.Trim();
        var slash = name.LastIndexOf('/');
        name = slash >= 0 ? name[(slash + 1)..] : name;
        return name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    private static string KeyOf(string? idColumn, string file, string key) => idColumn is null ? $"{file}\n{key}" : key;

    private static bool IsKnownLabel(string task, HashSet<string> classes, string label) =>
        task == TaskTypes.Regression
            ? double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            : classes.Contains(label);
}
