using System.Globalization;
using System.Text;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Reports;

/// <summary>
/// The precision–recall curve with the decision threshold's point, and the calibration curve against the diagonal,
/// as inline SVG on unit axes; self-contained like <see cref="MetricChartSvg"/> (same CSS classes).
/// </summary>
public static class DecisionChartsSvg
{
    private const int Size = 300;
    private const int Margin = 40;
    private const int Plot = Size - (2 * Margin);

    public static string PrecisionRecall(DecisionCurves curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var svg = Frame("precision–recall curve on the holdout", "recall", "precision");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" fill=\"none\" points=\"{Points(curves.PrecisionRecall.Select(p => (p.Recall, p.Precision)))}\"/>");
        if (curves.Chosen is { } chosen)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point this\" cx=\"{X(chosen.Recall)}\" cy=\"{Y(chosen.Precision)}\" r=\"6\">")
               .Append(CultureInfo.InvariantCulture, $"<title>decision threshold: recall {chosen.Recall:0.000}, precision {chosen.Precision:0.000}</title></circle>")
               .Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{X(Math.Min(chosen.Recall, 0.7))}\" y=\"{Y(chosen.Precision) - 10}\">threshold</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Calibration(DecisionCurves curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var svg = Frame("calibration curve on the holdout", "mean predicted probability", "observed positive rate");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\"/>")
           .Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" fill=\"none\" points=\"{Points(curves.Calibration.Select(b => (b.MeanPredicted, b.ObservedRate)))}\"/>");
        foreach (var bin in curves.Calibration)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{X(bin.MeanPredicted)}\" cy=\"{Y(bin.ObservedRate)}\" r=\"4\">")
               .Append(CultureInfo.InvariantCulture, $"<title>{bin.Low:0.0}–{bin.High:0.0}: {bin.Rows} rows, predicted {bin.MeanPredicted:0.000}, observed {bin.ObservedRate:0.000}</title></circle>");
        }

        if (curves.ExpectedCalibrationError is { } ece)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{X(0.05)}\" y=\"{Y(0.92)}\">ECE {ece:0.0000}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Frame(string label, string xAxis, string yAxis)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Size} {Size}\" width=\"{Size}\" height=\"{Size}\" role=\"img\" aria-label=\"{label}\">");
        foreach (var tick in new[] { 0.0, 0.5, 1.0 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{X(0)}\" y1=\"{Y(tick)}\" x2=\"{X(1)}\" y2=\"{Y(tick)}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{X(tick)}\" y1=\"{Y(0)}\" x2=\"{X(tick)}\" y2=\"{Y(1)}\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{X(0) - 6}\" y=\"{Y(tick) + 4}\" text-anchor=\"end\">{tick:0.0}</text>")
               .Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{X(tick)}\" y=\"{Y(0) + 16}\" text-anchor=\"middle\">{tick:0.0}</text>");
        }

        return svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{X(0.5)}\" y=\"{Size - 6}\" text-anchor=\"middle\">{xAxis}</text>")
                  .Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"12\" y=\"{Y(0.5)}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {Y(0.5)})\">{yAxis}</text>");
    }

    private static string Points(IEnumerable<(double X, double Y)> points) =>
        string.Join(" ", points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X)},{Y(p.Y)}")));

    private static double X(double value) => Math.Round(Margin + (value * Plot), 1);

    private static double Y(double value) => Math.Round(Size - Margin - (value * Plot), 1);
}
