using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace Cd4ml.Core.Monitoring;

/// <summary>One data row of a CSV file: its cells and the 1-based physical line it starts on (the header is line 1).</summary>
public sealed record CsvRow(long Line, string[] Cells);

/// <summary>
/// A small CSV file read whole (predictions, feedback, scored inputs): the header and every row with its line number,
/// so a problem can always be reported as file, line and column.
/// </summary>
public sealed record CsvTable(string File, IReadOnlyList<string> Header, IReadOnlyList<CsvRow> Rows)
{
    /// <summary>The index of a header column, or -1.</summary>
    public int IndexOf(string column) => Header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.Ordinal));

    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> names it in errors.</summary>
    public static CsvTable Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = Sep.Reader(o => o with
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
            Sep = new Sep(','),
        }).FromText(text.TrimStart('\uFEFF'));
        string[]? header = null;
        var rows = new List<CsvRow>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            if (header is null)
            {
                header = cells.Select(c => c.Trim()).ToArray();
                continue;
            }

            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue; // a blank line carries nothing
            }

            rows.Add(new CsvRow(row.LineNumberFrom, cells));
        }

        return new CsvTable(file, header ?? [], rows);
    }

    /// <summary>
    /// The data rows of a CSV file read one record at a time (after <see cref="ReadHeader"/>), so a file of any size is
    /// read in constant memory; blank lines are skipped like <see cref="Parse"/> does.
    /// </summary>
    public static IEnumerable<CsvRow> Stream(Scoring.CsvRecordReader records)
    {
        ArgumentNullException.ThrowIfNull(records);
        while (records.Read())
        {
            if (records.FieldCount == 1 && records.Field(0).Length == 0)
            {
                continue;
            }

            var cells = new string[records.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = records.FieldText(i);
            }

            yield return new CsvRow(records.Line, cells);
        }
    }

    /// <summary>The header of a CSV file read by <paramref name="records"/> (trimmed, like <see cref="Parse"/>); empty for an empty file.</summary>
    public static IReadOnlyList<string> ReadHeader(Scoring.CsvRecordReader records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (!records.Read())
        {
            return [];
        }

        var header = new string[records.FieldCount];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = records.Field(i).Trim().ToString();
        }

        return header;
    }

    /// <summary>Writes rows as RFC 4180 CSV with LF line ends, quoting only cells that need it.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine(Line(header));
        foreach (var row in rows)
        {
            text.Append(Line(row)).Append('\n');
        }

        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>One CSV line without its line break.</summary>
    public static string Line(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return string.Join(',', cells.Select(Quote));
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    /// <summary>A number as the contract writes it: invariant culture, round-trip.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
