using System.Globalization;

namespace Cd4ml.Core.Checks;

/// <summary>The short, invariant-culture texts results are written in: "12.5%", "1,204 rows", "lines 4, 9, 17, …".</summary>
internal static class CheckText
{
    private const int MaxNames = 20;

    /// <summary>A share as a percentage with at most two decimals; a share too small to show is "&lt; 0.01%", never "0%".</summary>
    public static string Percent(double share)
    {
        if (share > 0 && share < 0.0001)
        {
            return "< 0.01%";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(share * 100, 2):0.##}%");
    }

    public static string Count(long n, string noun, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? noun : plural ?? noun + "s")}");

    public static string Whole(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Three decimals for a score such as PSI or a distance.</summary>
    public static string Score(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>"line 4" or "lines 4, 9, 17", with "…" when more rows had the problem than lines were kept.</summary>
    public static string Lines(IReadOnlyList<long> lines, long count)
    {
        if (lines.Count == 0)
        {
            return "";
        }

        var list = string.Join(", ", lines.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        return (lines.Count == 1 && count <= 1 ? "line " : "lines ") + list + (count > lines.Count ? ", …" : "");
    }

    /// <summary>Quoted names, at most twenty, then how many more.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var all = names.ToList();
        var shown = string.Join(", ", all.Take(MaxNames).Select(n => $"'{n}'"));
        return all.Count > MaxNames ? string.Create(CultureInfo.InvariantCulture, $"{shown} and {all.Count - MaxNames} more") : shown;
    }

    /// <summary>Up to five different bad cells as written, quoted, with control characters made visible.</summary>
    public static string Examples(IEnumerable<string> values) =>
        string.Join(", ", values.Distinct(StringComparer.Ordinal).Take(5).Select(v => $"'{Visible(v)}'"));

    private static string Visible(string value)
    {
        var shown = value.Length > 40 ? value[..40] + "…" : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
