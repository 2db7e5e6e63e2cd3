using System.Globalization;
using nietras.SeparatedValues;

namespace Cd4ml.Core.Data;

/// <summary>
/// What one streaming pass over a CSV file found: the header, the row count, each column's kind, the
/// label's values, and the rows whose shape is wrong (by line number). Memory grows with the number of
/// columns and distinct label values, not with the number of rows.
/// </summary>
public sealed record DatasetScan
{
    /// <summary>How many example line numbers are kept per problem; enough to find it, small enough to report.</summary>
    public const int ExampleLines = 10;

    /// <summary>Label values beyond this many are not tracked (the label is clearly not binary by then).</summary>
    public const int MaxLabelValues = 50;

    public required IReadOnlyList<string> Header { get; init; }

    public required long Rows { get; init; }

    public required IReadOnlyList<DatasetColumn> Columns { get; init; }

    /// <summary>Label value → count; empty when the label column is missing.</summary>
    public required IReadOnlyDictionary<string, long> LabelValues { get; init; }

    public required long BlankLabels { get; init; }

    public required long RaggedRows { get; init; }

    public required IReadOnlyList<long> RaggedRowLines { get; init; }

    /// <summary>Reads the file once. Throws <see cref="InvalidDataException"/> naming the line when the CSV itself is unreadable.</summary>
    public static DatasetScan Read(string path, string? labelColumn)
    {
        using var reader = Sep.Reader(o => o with
        {
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
            Sep = new Sep(','),
        }).FromFile(path);

        string[]? header = null;
        bool[]? numeric = null;
        long rows = 0, blankLabels = 0, ragged = 0;
        var raggedLines = new List<long>();
        var labelValues = new Dictionary<string, long>(StringComparer.Ordinal);
        var labelIndex = -1;

        foreach (var row in reader)
        {
            if (header is null)
            {
                header = new string[row.ColCount];
                for (var i = 0; i < row.ColCount; i++)
                {
                    header[i] = row[i].ToString().Trim();
                }

                numeric = Enumerable.Repeat(true, header.Length).ToArray();
                labelIndex = labelColumn is null ? -1 : Array.IndexOf(header, labelColumn);
                continue;
            }

            rows++;
            if (row.ColCount != header.Length)
            {
                ragged++;
                if (raggedLines.Count < ExampleLines)
                {
                    raggedLines.Add(row.LineNumberFrom);
                }

                continue;
            }

            for (var i = 0; i < header.Length; i++)
            {
                if (!numeric![i] || i == labelIndex)
                {
                    continue;
                }

                var cell = row[i].Span.Trim();
                if (cell.Length > 0 && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    numeric[i] = false;
                }
            }

            if (labelIndex >= 0)
            {
                var label = row[labelIndex].ToString().Trim();
                if (label.Length == 0)
                {
                    blankLabels++;
                }
                else if (labelValues.TryGetValue(label, out var count))
                {
                    labelValues[label] = count + 1;
                }
                else if (labelValues.Count < MaxLabelValues)
                {
                    labelValues[label] = 1;
                }
            }
        }

        header ??= [];
        return new DatasetScan
        {
            Header = header,
            Rows = rows,
            Columns = header.Select((name, i) => new DatasetColumn(name, numeric![i] && i != labelIndex ? ColumnKind.Numeric : ColumnKind.Categorical)).ToList(),
            LabelValues = labelValues,
            BlankLabels = blankLabels,
            RaggedRows = ragged,
            RaggedRowLines = raggedLines,
        };
    }
}
