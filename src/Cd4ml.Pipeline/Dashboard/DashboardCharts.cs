using System.Text;
using Cd4ml.Core.Data.Profiling;
using static Cd4ml.Pipeline.Dashboard.DashboardHtml;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>One version on the metric chart: its value and, when the significance gate ran, the bootstrap interval around it.</summary>
public sealed record MetricPointWithInterval(int Version, double? Value, double? Lower, double? Upper, bool IsChampion);

/// <summary>Inline SVG charts (no script, no external asset): a sparkline for the overview and the metric over versions.</summary>
public static class DashboardCharts
{
    /// <summary>A 120×28 line of the values in order; empty text when fewer than two are finite.</summary>
    public static string Sparkline(IReadOnlyList<double?> values, string label)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Select((v, i) => (v, i)).Where(t => t.v is { } x && double.IsFinite(x)).Select(t => (Value: t.v!.Value, Index: t.i)).ToList();
        if (finite.Count < 2)
        {
            return "";
        }

        const double width = 120, height = 28;
        var (low, high) = (finite.Min(p => p.Value), finite.Max(p => p.Value));
        var span = high > low ? high - low : 1;
        var points = string.Join(" ", finite.Select(p =>
            $"{N(2 + p.Index * (width - 4) / (values.Count - 1))},{N(height - 2 - (p.Value - low) / span * (height - 4))}"));
        return $"<svg class=\"spark\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" role=\"img\" aria-label=\"{E(label)}\">" +
               $"<polyline class=\"line\" fill=\"none\" points=\"{points}\"/></svg>";
    }

    /// <summary>
    /// The primary metric of every version with its bootstrap interval as a vertical bar: the significance gate's
    /// interval of the improvement over the champion it was compared with, placed around the version's own value.
    /// </summary>
    public static string MetricOverVersions(IReadOnlyList<MetricPointWithInterval> points, string metric)
    {
        ArgumentNullException.ThrowIfNull(points);
        const int width = 720, height = 260, left = 60, right = 16, top = 16, bottom = 36;
        var values = points.SelectMany(p => new[] { p.Value, p.Lower, p.Upper }).OfType<double>().Where(double.IsFinite).ToList();
        var svg = new StringBuilder();
        svg.Append(I, $"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{E(metric)} by version, with bootstrap intervals\">");
        if (values.Count == 0)
        {
            return svg.Append(I, $"<text x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\">no version has a finite {E(metric)}</text></svg>").ToString();
        }

        var (low, high) = (values.Min(), values.Max());
        var pad = high > low ? (high - low) * 0.08 : 0.01;
        (low, high) = (low - pad, high + pad);
        double X(int i) => points.Count == 1 ? (left + width - right) / 2.0 : left + 12 + i * (width - left - right - 24.0) / (points.Count - 1);
        double Y(double v) => top + (high - v) / (high - low) * (height - top - bottom);
        for (var g = 0; g <= 2; g++)
        {
            var v = low + g * (high - low) / 2;
            svg.Append(I, $"<line class=\"grid\" x1=\"{left}\" y1=\"{N(Y(v))}\" x2=\"{width - right}\" y2=\"{N(Y(v))}\"/>")
               .Append(I, $"<text class=\"axis\" x=\"{left - 6}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{v:0.000}</text>");
        }

        var line = string.Join(" ", points.Select((p, i) => (p, i)).Where(t => t.p.Value is { } v && double.IsFinite(v)).Select(t => $"{N(X(t.i))},{N(Y(t.p.Value!.Value))}"));
        svg.Append(I, $"<polyline class=\"line\" fill=\"none\" points=\"{line}\"/>");
        var labelEvery = Math.Max(1, points.Count / 12);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (i % labelEvery == 0 || p.IsChampion)
            {
                svg.Append(I, $"<text class=\"axis\" x=\"{N(X(i))}\" y=\"{height - 12}\" text-anchor=\"middle\">v{p.Version}</text>");
            }

            if (p.Lower is { } lo && p.Upper is { } up && double.IsFinite(lo) && double.IsFinite(up))
            {
                svg.Append(I, $"<line class=\"ci\" x1=\"{N(X(i))}\" y1=\"{N(Y(lo))}\" x2=\"{N(X(i))}\" y2=\"{N(Y(up))}\"/>");
            }

            if (p.Value is { } value && double.IsFinite(value))
            {
                var interval = p.Lower is { } l && p.Upper is { } u ? string.Create(I, $", interval [{l:0.0000}, {u:0.0000}]") : "";
                svg.Append(I, $"<circle class=\"{(p.IsChampion ? "point champion" : "point")}\" cx=\"{N(X(i))}\" cy=\"{N(Y(value))}\" r=\"{(p.IsChampion ? 5 : 3.5)}\">")
                   .Append(I, $"<title>v{p.Version} {E(metric)} {value:0.0000}{interval}{(p.IsChampion ? " (champion)" : "")}</title></circle>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Bars of a numeric column's histogram: equal-width bins from min to max.</summary>
    public const int HistogramBins = 20;

    /// <summary>
    /// A numeric column's histogram: <see cref="HistogramBins"/> equal-width bins between the exact min and max. Counted
    /// exactly from <paramref name="exact"/> (the profile's value counts, kept while a column has few distinct values),
    /// else estimated from the quantile sketch's ranks (within its relative accuracy, the same estimate drift uses).
    /// Empty text when the sketch holds no value.
    /// </summary>
    public static string Histogram(QuantileSketch sketch, string label, IReadOnlyDictionary<string, long>? exact = null)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        var counts = HistogramCounts(sketch, HistogramBins, exact);
        if (counts.Count == 0)
        {
            return "";
        }

        const int width = 360, height = 120, bottom = 18, gap = 1;
        var tallest = Math.Max(1, counts.Max());
        var bar = (double)width / counts.Count;
        var svg = new StringBuilder();
        svg.Append(I, $"<svg class=\"hist\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(label)}\">");
        var step = (sketch.Max - sketch.Min) / counts.Count;
        for (var i = 0; i < counts.Count; i++)
        {
            var h = counts[i] * (height - bottom - 4.0) / tallest;
            var (from, to) = (sketch.Min + i * step, counts.Count == 1 ? sketch.Max : sketch.Min + (i + 1) * step);
            svg.Append(I, $"<rect class=\"bar\" x=\"{N(i * bar + gap)}\" y=\"{N(height - bottom - h)}\" width=\"{N(Math.Max(1, bar - 2 * gap))}\" height=\"{N(h)}\">")
               .Append(I, $"<title>{from:G4} to {to:G4}: {(exact is null ? "about " : "")}{counts[i]:N0}</title></rect>");
        }

        return svg.Append(I, $"<text class=\"axis\" x=\"0\" y=\"{height - 4}\">{sketch.Min:G4}</text>")
                  .Append(I, $"<text class=\"axis\" x=\"{width}\" y=\"{height - 4}\" text-anchor=\"end\">{sketch.Max:G4}</text></svg>").ToString();
    }

    /// <summary>
    /// Values per equal-width bin, bin i holding (edge i, edge i+1] and the first also the min; one bin when every value
    /// is the same; empty when there is none. From <paramref name="exact"/> when given (cells that are not finite
    /// numbers are skipped: they are the column's bad values), else from the sketch's ranks.
    /// </summary>
    public static IReadOnlyList<long> HistogramCounts(QuantileSketch sketch, int bins, IReadOnlyDictionary<string, long>? exact = null)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (sketch.Count == 0 || !double.IsFinite(sketch.Min) || !double.IsFinite(sketch.Max))
        {
            return [];
        }

        if (sketch.Max <= sketch.Min)
        {
            return [sketch.Count];
        }

        var counts = new long[bins];
        var width = (sketch.Max - sketch.Min) / bins;
        if (exact is not null)
        {
            foreach (var (text, count) in exact)
            {
                if (double.TryParse(text, System.Globalization.NumberStyles.Float, I, out var v) && double.IsFinite(v) && v >= sketch.Min && v <= sketch.Max)
                {
                    counts[Math.Clamp((int)Math.Ceiling((v - sketch.Min) / width) - 1, 0, bins - 1)] += count;
                }
            }

            return counts;
        }

        var below = 0L;
        for (var i = 0; i < bins; i++)
        {
            // Cumulative counts rounded once each, so the bars add up to exactly the sketch's count.
            var upTo = i == bins - 1 ? sketch.Count : (long)Math.Round(sketch.Rank(sketch.Min + (i + 1) * width) * sketch.Count);
            counts[i] = Math.Max(0, upTo - below);
            below = Math.Max(below, upTo);
        }

        return counts;
    }

    private static string N(double value) => value.ToString("0.#", I);
}
