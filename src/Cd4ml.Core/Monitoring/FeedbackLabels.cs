namespace Cd4ml.Core.Monitoring;

/// <summary>
/// The join, one side at a time so neither is held whole: feedback rows are added first (in arrival order, each file
/// in line order; the latest label of a key wins), then scored rows are matched as they are read (in scoring order;
/// the most recently scored row of a key wins). Memory: one entry per labelled key, whatever the size of the
/// predictions. Every feedback row ends in exactly one count (RELIABILITY 38).
/// </summary>
public sealed class FeedbackLabels(string labelColumn, string? idColumn, string task, IReadOnlyList<string> classes)
{
    private readonly HashSet<string> _classes = new(classes, StringComparer.Ordinal);
    private readonly Dictionary<string, Label> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _samples = new(StringComparer.Ordinal);
    private int _total;
    private int _duplicates;
    private int _outside;
    private int _unreadable;

    /// <summary>Adds one feedback file's rows; <paramref name="file"/> names it in problems.</summary>
    public void Add(string name, string file, IReadOnlyList<string> header, IEnumerable<CsvRow> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        int IndexOf(string column) => header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.Ordinal));
        var (id, label, source) = (IndexOf(idColumn ?? PredictionsReader.LineColumn), IndexOf(labelColumn), IndexOf(FeedbackJoin.SourceColumn));
        var missing = new[] { (idColumn ?? PredictionsReader.LineColumn, id), (labelColumn, label) }.Concat(idColumn is null ? [(FeedbackJoin.SourceColumn, source)] : [])
            .Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
        if (missing.Count > 0)
        {
            var count = rows.Count();
            _total += count;
            _unreadable += count;
            Note("unreadable", $"{file}:1: no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (columns: {string.Join(", ", header)}); its {count} row(s) cannot be joined");
            return;
        }

        foreach (var row in rows)
        {
            _total++;
            string Cell(int i) => i < row.Cells.Length ? row.Cells[i].Trim() : "";
            var (rowId, rowLabel) = (Cell(id), Cell(label));
            var rowSource = idColumn is null ? FeedbackJoin.SourceName(Cell(source)) : "";
            if (rowId.Length == 0 || rowLabel.Length == 0 || (idColumn is null && rowSource.Length == 0))
            {
                _unreadable++;
                Note("unreadable", $"{file}:{row.Line}: an empty id, label or source");
                continue;
            }

            if (!FeedbackJoin.IsKnownLabel(task, _classes, rowLabel))
            {
                _outside++;
                Note("outside", $"{file}:{row.Line}, column '{labelColumn}': '{rowLabel}' is not one of the model's classes ({string.Join(", ", classes)})");
                continue;
            }

            var key = FeedbackJoin.KeyOf(idColumn, rowSource, rowId);
            if (_labels.TryGetValue(key, out var earlier))
            {
                _duplicates++;
                Note("duplicate", $"{file}:{row.Line}: id '{rowId}' was labelled before; this later label replaces it");
            }

            _labels[key] = new Label(rowLabel, name, file, row.Line, rowId, idColumn is null ? rowSource : null) { Match = earlier?.Match };
        }
    }

    /// <summary>The scored row's label, if feedback has one; a later scored row of the same key replaces an earlier match.</summary>
    public LabelledRow? Match(ScoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!_labels.TryGetValue(FeedbackJoin.KeyOf(idColumn, FeedbackJoin.SourceName(row.File), row.Key), out var label))
        {
            return null;
        }

        label.Match = new LabelledRow(row, label.Value, label.FeedbackName, label.Line);
        return label.Match;
    }

    /// <summary>The labelled rows: the latest match of each key.</summary>
    public IEnumerable<LabelledRow> Joined() => _labels.Values.Select(l => l.Match).OfType<LabelledRow>();

    /// <summary>The counts, once every scored row was matched.</summary>
    public JoinCounts Counts()
    {
        var unknown = 0;
        foreach (var label in _labels.Values.Where(l => l.Match is null).OrderBy(l => l.File, StringComparer.Ordinal).ThenBy(l => l.Line))
        {
            unknown++;
            Note("unknown", $"{label.File}:{label.Line}: id '{label.Id}'{(label.Source is { } s ? $" of '{s}'" : "")} matches no scored row");
        }

        return new JoinCounts
        {
            FeedbackRows = _total,
            Joined = _labels.Count - unknown,
            UnknownIds = unknown,
            DuplicateIds = _duplicates,
            LabelsOutsideClasses = _outside,
            Unreadable = _unreadable,
            Samples = _samples.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value).ToList(),
        };
    }

    private void Note(string kind, string text)
    {
        if (!_samples.TryGetValue(kind, out var list))
        {
            _samples[kind] = list = [];
        }

        if (list.Count < FeedbackJoin.SamplesPerKind && !list.Contains(text, StringComparer.Ordinal))
        {
            list.Add(text);
        }
    }

    private sealed record Label(string Value, string FeedbackName, string File, long Line, string Id, string? Source)
    {
        public LabelledRow? Match { get; set; }
    }
}
