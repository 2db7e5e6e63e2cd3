using System.Globalization;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Monitoring;

/// <summary>
/// One streaming pass over everything the champion scored: batch predictions files with their scored input copies
/// (read side by side, in the same row order) and online samples (inputs and predictions in one file), oldest first.
/// Every champion row counts in its window's drift, labelled or not; a row with a late label is kept with its input
/// cells. Memory: the bins of each window and the labelled rows, never a whole file.
/// </summary>
internal sealed class LiveRows(MonitoringStore store, MonitoringSpec monitoring, int champion, IReadOnlyList<DriftColumn> columns, FeedbackLabels labels, List<string> problems)
{
    private readonly Func<ScoredRow, long> _keyOf = LiveWindows.Keys(monitoring.Window);
    private readonly SortedDictionary<long, WindowState> _windows = [];
    private readonly Dictionary<LabelledRow, (long Window, IReadOnlyDictionary<string, string>? Inputs)> _matches = new(ReferenceEqualityComparer.Instance);

    /// <summary>A source of scored rows: a predictions file (with its input copy) or an online sample.</summary>
    public sealed record Source(string Name, string Container, string Blob, PredictionsManifest Manifest, bool Online);

    /// <summary>Reads every source, oldest first (then by name, then row order).</summary>
    public async Task ReadAsync(IEnumerable<Source> sources, CancellationToken ct)
    {
        foreach (var source in sources.OrderBy(s => s.Manifest.ScoredAt).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            await ReadAsync(source, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The champion's windows, oldest first, with their labelled rows in scoring order and their drift counts.</summary>
    public IReadOnlyList<(LiveWindow Window, DriftCounts Drift)> Windows(IEnumerable<LabelledRow> joined, DateTimeOffset now)
    {
        var byWindow = joined.Where(r => r.Scored.ModelVersion == champion && _matches.ContainsKey(r)).ToLookup(r => _matches[r].Window);
        return [.. _windows.Select((w, i) => (LiveWindows.Describe(monitoring.Window, w.Key, i, w.Value.Drift.Rows, w.Value.First, w.Value.Last,
            [.. byWindow[w.Key].OrderBy(r => r.Scored.ScoredAt).ThenBy(r => r.Scored.File, StringComparer.Ordinal).ThenBy(r => r.Scored.Line)], now), w.Value.Drift))];
    }

    /// <summary>The input cells of a labelled row by column name, or null when its input was not found.</summary>
    public IReadOnlyDictionary<string, string>? InputsOf(LabelledRow row) => _matches.TryGetValue(row, out var match) ? match.Inputs : null;

    private async Task ReadAsync(Source source, CancellationToken ct)
    {
        var stream = await store.OpenAsync(source.Container, source.Blob, ct).ConfigureAwait(false);
        if (stream is null)
        {
            problems.Add($"{source.Container}/{source.Blob} is missing; its rows are not monitored");
            return;
        }

        using var records = new CsvRecordReader(stream);
        var header = CsvTable.ReadHeader(records);
        var file = $"{source.Container}/{source.Blob}";
        // An online request whose rows did not carry the id column: its rows count in windows and drift, keyed by line,
        // but cannot be labelled (a line number must never meet an id of the same text).
        var joinable = !(source.Online && source.Manifest.IdColumn is { } id && !header.Contains(id, StringComparer.Ordinal));
        var manifest = joinable ? source.Manifest : source.Manifest with { IdColumn = null };
        var rowProblems = new List<InputProblem>();
        using var inputs = source.Online ? null : await InputCursor.OpenAsync(store, source.Manifest, problems, ct).ConfigureAwait(false);
        var own = header.Select((h, i) => (h, i)).GroupBy(c => c.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        foreach (var row in PredictionsReader.Stream(source.Name, file, manifest, header, CsvTable.Stream(records), rowProblems, keyIsRecordLine: source.Online))
        {
            IReadOnlyDictionary<string, string>? cells = null;
            if (source.Online)
            {
                var current = CurrentCells(records);
                cells = own.Where(c => c.Value < current.Length).ToDictionary(c => c.Key, c => current[c.Value], StringComparer.Ordinal);
            }
            else if (inputs is not null)
            {
                cells = inputs.Seek(row.Key);
            }

            var key = -1L;
            if (row.ModelVersion == champion)
            {
                key = _keyOf(row);
                if (!_windows.TryGetValue(key, out var window))
                {
                    _windows[key] = window = new WindowState(new DriftCounts(columns), row.ScoredAt);
                }

                window.Last = row.ScoredAt;
                window.Drift.Add(c => c == PredictionsReader.PredictionColumn ? row.Prediction : cells is not null && cells.TryGetValue(c, out var v) ? v : null);
            }

            if (joinable && labels.Match(row) is { } labelled)
            {
                _matches[labelled] = (key, cells);
            }
        }

        problems.AddRange(rowProblems.Take(FeedbackJoin.SamplesPerKind).Select(p => p.ToString()));
    }

    private static string[] CurrentCells(CsvRecordReader records)
    {
        var cells = new string[records.FieldCount];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = records.FieldText(i);
        }

        return cells;
    }

    private sealed class WindowState(DriftCounts drift, DateTimeOffset first)
    {
        public DriftCounts Drift { get; } = drift;

        public DateTimeOffset First { get; } = first;

        public DateTimeOffset Last { get; set; } = first;
    }

    /// <summary>
    /// The scored input copy of a predictions file, read forward alongside it: scoring writes one prediction per input
    /// row in the input's order, so the input row of a key is found by reading on. A key not found ends the search for
    /// that file (reported once): the rest of its rows have no input cells.
    /// </summary>
    private sealed class InputCursor : IDisposable
    {
        private readonly CsvRecordReader _records;
        private readonly IReadOnlyList<string> _header;
        private readonly int _id;
        private readonly string _file;
        private readonly List<string> _problems;
        private bool _lost;

        private InputCursor(CsvRecordReader records, string file, string? idColumn, List<string> problems)
        {
            _records = records;
            _file = file;
            _problems = problems;
            _header = CsvTable.ReadHeader(records);
            _id = idColumn is null ? -1 : _header.ToList().IndexOf(idColumn);
        }

        public static async Task<InputCursor?> OpenAsync(MonitoringStore store, PredictionsManifest manifest, List<string> problems, CancellationToken ct)
        {
            var stream = await store.OpenScoredInputAsync(manifest.InputBlob, problems, ct).ConfigureAwait(false);
            if (stream is null)
            {
                problems.Add($"the scored input copy {manifest.InputBlob} is missing: its rows have no input drift, groups or retraining data");
                return null;
            }

            return new InputCursor(new CsvRecordReader(stream), manifest.InputBlob, manifest.IdColumn, problems);
        }

        public IReadOnlyDictionary<string, string>? Seek(string key)
        {
            while (!_lost && _records.Read())
            {
                if (_records.FieldCount == 1 && _records.Field(0).Length == 0)
                {
                    continue;
                }

                var rowKey = _id >= 0 ? (_id < _records.FieldCount ? _records.FieldText(_id) : "") : _records.Line.ToString(CultureInfo.InvariantCulture);
                if (string.Equals(rowKey, key, StringComparison.Ordinal))
                {
                    var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                    for (var i = 0; i < _header.Count && i < _records.FieldCount; i++)
                    {
                        cells.TryAdd(_header[i], _records.FieldText(i));
                    }

                    return cells;
                }
            }

            if (!_lost)
            {
                _lost = true;
                _problems.Add($"{_file}: no input row for id '{key}' after the rows before it (the copy and its predictions are not in the same order); later rows of the file have no input cells");
            }

            return null;
        }

        public void Dispose() => _records.Dispose();
    }
}
