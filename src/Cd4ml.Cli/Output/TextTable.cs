namespace Cd4ml.Cli.Output;

/// <summary>
/// A plain-text table for people: columns padded to their widest cell (capped), the first column (an id people
/// copy) and the last column never cut.
/// </summary>
public static class TextTable
{
    private const int MaxWidth = 40;

    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count)
            .Select(i => i == header.Count - 1 ? 0 : all.Max(r => i == 0 ? r[i].Length : Math.Min(r[i].Length, MaxWidth)))
            .ToArray();
        foreach (var row in all)
        {
            output.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : (i == 0 ? cell : Clip(cell)).PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Clip(string value) => value.Length <= MaxWidth ? value : value[..(MaxWidth - 1)] + "…";
}
