using System.Globalization;
using System.Net;
using System.Text;

namespace Cd4ml.Core.Reports;

/// <summary>
/// A line chart of one metric across versions as inline SVG: no script, no external font or stylesheet, no XML
/// namespace URL, so the card stays one self-contained file that renders offline and under a strict CSP.
/// </summary>
public static class MetricChartSvg
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 36;
    private const int Inset = 28;

    /// <param name="points">The versions in order; points without a finite value are left out of the line.</param>
    /// <param name="metric">The metric's name, for the labels.</param>
    /// <param name="highlight">The version the card is about; drawn larger and labelled with its value.</param>
    public static string Render(IReadOnlyList<MetricPoint> points, string metric, int highlight)
    {
        var finite = points.Where(p => p.Value is { } v && double.IsFinite(v)).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" ")
           .Append(CultureInfo.InvariantCulture, $"aria-label=\"{E(metric)} by version\">");
        if (finite.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no version has a finite {E(metric)}</text></svg>");
            return svg.ToString();
        }

        var (low, high) = Range(finite.Select(p => p.Value!.Value).ToList());
        // Inset so the first and last points (and the value label above the highlighted one) stay inside the frame.
        double X(int index) => points.Count == 1 ? Left + (Width - Left - Right) / 2.0 : Left + Inset + index * (double)(Width - Left - Right - 2 * Inset) / (points.Count - 1);
        double Y(double value) => Top + (high - value) / (high - low) * (Height - Top - Bottom);

        // Axes and three grid lines with their values.
        for (var i = 0; i <= 2; i++)
        {
            var value = low + i * (high - low) / 2;
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" y1=\"{N(y)}\" x2=\"{Width - Right}\" y2=\"{N(y)}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{value:0.000}</text>");
        }

        var line = string.Join(" ", points.Select((p, i) => (p, i)).Where(t => finite.Contains(t.p)).Select(t => $"{N(X(t.i))},{N(Y(t.p.Value!.Value))}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" fill=\"none\" points=\"{line}\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{N(X(i))}\" y=\"{Height - 12}\" text-anchor=\"middle\">v{p.Version}</text>");
            if (p.Value is not { } v || !double.IsFinite(v))
            {
                continue;
            }

            var isThis = p.Version == highlight;
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{(isThis ? "point this" : "point")}\" cx=\"{N(X(i))}\" cy=\"{N(Y(v))}\" r=\"{(isThis ? 6 : 4)}\">")
               .Append(CultureInfo.InvariantCulture, $"<title>v{p.Version} {E(metric)} {v:0.0000}</title></circle>");
            if (isThis)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{N(X(i))}\" y=\"{N(Y(v) - 10)}\" text-anchor=\"middle\">{v:0.0000}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>The value range with some air, and a non-zero span when every version scored the same.</summary>
    private static (double Low, double High) Range(IReadOnlyList<double> values)
    {
        var low = values.Min();
        var high = values.Max();
        var pad = high > low ? (high - low) * 0.1 : Math.Max(Math.Abs(high) * 0.01, 0.01);
        return (low - pad, high + pad);
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
