namespace Cd4ml.Core.Monitoring;

/// <summary>
/// The dataset a <c>retrain</c> incident drops into <c>datasets/{pipeline}/incident-{id}.csv</c>: the champion's
/// training rows, then the live rows with their late labels, with exactly the training data's columns in its order,
/// with repeated rows kept once. The normal pipeline then decides through every gate.
/// </summary>
public static class RetrainingDataset
{
    /// <summary>An input row of the scored data for a labelled row: its cells by column name, or null when it was not found.</summary>
    public delegate IReadOnlyDictionary<string, string>? InputLookup(LabelledRow row);

    /// <summary>The CSV text, and how many rows came from each side.</summary>
    public static (string Csv, int TrainingRows, int LiveRows, int Duplicates) Build(
        CsvTable training, string labelColumn, IReadOnlyList<LabelledRow> live, InputLookup inputs)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(inputs);
        var header = training.Header;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<string>>();
        var (fromTraining, fromLive, duplicates) = (0, 0, 0);
        foreach (var row in training.Rows)
        {
            var cells = header.Select((_, i) => i < row.Cells.Length ? row.Cells[i] : "").ToList();
            if (seen.Add(CsvTable.Line(cells)))
            {
                rows.Add(cells);
                fromTraining++;
            }
            else
            {
                duplicates++;
            }
        }

        foreach (var labelled in live)
        {
            if (inputs(labelled) is not { } input)
            {
                continue;
            }

            var cells = header.Select(column => string.Equals(column, labelColumn, StringComparison.Ordinal)
                ? labelled.Label
                : input.TryGetValue(column, out var value) ? value : "").ToList();
            if (seen.Add(CsvTable.Line(cells)))
            {
                rows.Add(cells);
                fromLive++;
            }
            else
            {
                duplicates++;
            }
        }

        return (CsvTable.Write(header, rows), fromTraining, fromLive, duplicates);
    }
}
