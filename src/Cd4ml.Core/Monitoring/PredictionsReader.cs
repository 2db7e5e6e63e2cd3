using System.Globalization;
using Cd4ml.Core.Scoring;

namespace Cd4ml.Core.Monitoring;

/// <summary>
/// Reads a predictions CSV in the contract's format: the id column (or <c>line</c>), <c>prediction</c>, the task's
/// probability columns, <c>modelVersion</c>. A row that cannot be read is reported with its line and column and
/// left out of the join; it is never read as a default.
/// </summary>
public static class PredictionsReader
{
    public const string LineColumn = "line";
    public const string PredictionColumn = "prediction";
    public const string ProbabilityColumn = "probability";
    public const string ClassProbabilityPrefix = "probability:";
    public const string ModelVersionColumn = "modelVersion";

    /// <summary>The rows of <paramref name="table"/> (the predictions file named <paramref name="name"/>) described by <paramref name="manifest"/>.</summary>
    public static (List<ScoredRow> Rows, List<InputProblem> Problems) Read(string name, PredictionsManifest manifest, CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var problems = new List<InputProblem>();
        return ([.. Stream(name, table.File, manifest, table.Header, table.Rows, problems)], problems);
    }

    /// <summary>
    /// The rows of a predictions file as they are read (<paramref name="rows"/> may stream from storage). A file without
    /// a needed column yields nothing and one problem; a row that cannot be read is a problem with its line and column.
    /// </summary>
    /// <param name="name">The file's <c>{name}</c> (<see cref="ScoredRow.File"/>).</param>
    /// <param name="file">The file as problems name it.</param>
    /// <param name="manifest">What scoring said about the file: its id column, time and input.</param>
    /// <param name="header">The file's header.</param>
    /// <param name="rows">The data rows.</param>
    /// <param name="problems">Where problems go.</param>
    /// <param name="keyIsRecordLine">Without the key column, key each row by its own line (an online sample keeps its inputs in the same file).</param>
    public static IEnumerable<ScoredRow> Stream(
        string name, string file, PredictionsManifest manifest, IReadOnlyList<string> header, IEnumerable<CsvRow> rows, List<InputProblem> problems,
        bool keyIsRecordLine = false)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(problems);
        int IndexOf(string column) => header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.Ordinal));
        var keyColumn = manifest.IdColumn ?? LineColumn;
        var (key, prediction, version) = (IndexOf(keyColumn), IndexOf(PredictionColumn), IndexOf(ModelVersionColumn));
        var byLine = key < 0 && keyIsRecordLine && manifest.IdColumn is null;
        var missing = new[] { (keyColumn, byLine ? 0 : key), (PredictionColumn, prediction), (ModelVersionColumn, version) }.Where(c => c.Item2 < 0).ToList();
        foreach (var (required, _) in missing)
        {
            problems.Add(new InputProblem(file, 1, required,
                $"the predictions file has no '{required}' column (columns: {string.Join(", ", header)}); none of its rows can be joined"));
        }

        if (missing.Count > 0)
        {
            yield break;
        }

        var probability = IndexOf(ProbabilityColumn);
        var classColumns = header.Select((h, i) => (h, i)).Where(c => c.h.StartsWith(ClassProbabilityPrefix, StringComparison.Ordinal))
            .Select(c => (Class: c.h[ClassProbabilityPrefix.Length..], Index: c.i)).ToList();
        foreach (var row in rows)
        {
            string Cell(int i) => i < row.Cells.Length ? row.Cells[i] : "";
            if (!int.TryParse(Cell(version), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                problems.Add(new InputProblem(file, row.Line, ModelVersionColumn, $"'{Cell(version)}' is not a model version (an integer)"));
                continue;
            }

            double? p = null;
            if (probability >= 0)
            {
                if (!TryNumber(Cell(probability), out var parsed))
                {
                    problems.Add(new InputProblem(file, row.Line, ProbabilityColumn, $"'{Cell(probability)}' is not a number"));
                    continue;
                }

                p = parsed;
            }

            Dictionary<string, double>? perClass = null;
            if (classColumns.Count > 0)
            {
                perClass = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (cls, index) in classColumns)
                {
                    perClass[cls] = TryNumber(Cell(index), out var value) ? value : double.NaN;
                }
            }

            var rowKey = byLine ? row.Line.ToString(CultureInfo.InvariantCulture) : Cell(key);
            yield return new ScoredRow(name, rowKey, row.Line, Cell(prediction), p, perClass, v, manifest.ScoredAt, manifest.InputBlob);
        }
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
