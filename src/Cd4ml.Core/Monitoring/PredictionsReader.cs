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
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(table);
        var problems = new List<InputProblem>();
        var keyColumn = manifest.IdColumn ?? LineColumn;
        var (key, prediction, version) = (table.IndexOf(keyColumn), table.IndexOf(PredictionColumn), table.IndexOf(ModelVersionColumn));
        foreach (var (required, index) in new[] { (keyColumn, key), (PredictionColumn, prediction), (ModelVersionColumn, version) })
        {
            if (index < 0)
            {
                problems.Add(new InputProblem(table.File, 1, required,
                    $"the predictions file has no '{required}' column (columns: {string.Join(", ", table.Header)}); none of its rows can be joined"));
            }
        }

        if (problems.Count > 0)
        {
            return ([], problems);
        }

        var probability = table.IndexOf(ProbabilityColumn);
        var classColumns = table.Header.Select((h, i) => (h, i)).Where(c => c.h.StartsWith(ClassProbabilityPrefix, StringComparison.Ordinal))
            .Select(c => (Class: c.h[ClassProbabilityPrefix.Length..], Index: c.i)).ToList();
        var rows = new List<ScoredRow>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            string Cell(int i) => i < row.Cells.Length ? row.Cells[i] : "";
            if (!int.TryParse(Cell(version), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                problems.Add(new InputProblem(table.File, row.Line, ModelVersionColumn, $"'{Cell(version)}' is not a model version (an integer)"));
                continue;
            }

            double? p = null;
            if (probability >= 0)
            {
                if (!TryNumber(Cell(probability), out var parsed))
                {
                    problems.Add(new InputProblem(table.File, row.Line, ProbabilityColumn, $"'{Cell(probability)}' is not a number"));
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

            rows.Add(new ScoredRow(name, Cell(key), row.Line, Cell(prediction), p, perClass, v, manifest.ScoredAt, manifest.InputBlob));
        }

        return (rows, problems);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
