using System.Text.Json;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Specs.Parsing;

// The decision settings of the promotion section: what outcomes are worth (businessValue) and the decision threshold.
public static partial class PipelineSpecParser
{
    private static readonly string[] s_businessValueCells = ["truePositive", "falsePositive", "falseNegative", "trueNegative"];

    private const string BusinessValueExample = "{\"truePositive\": 0, \"falsePositive\": -1, \"falseNegative\": -5, \"trueNegative\": 0}";

    /// <summary>The metrics a spec may name: the task's, and businessValue when the spec defines what outcomes are worth.</summary>
    private static IReadOnlyList<string> PromotionMetrics(string task, BusinessValueSpec? businessValue) =>
        businessValue is null ? MetricCatalog.For(task) : [.. MetricCatalog.For(task), BinaryMetricNames.BusinessValue];

    private static BusinessValueSpec? BusinessValue(JsonElement promotion, string task, List<SpecError> errors)
    {
        const string at = $"{PromotionAt}.businessValue";
        if (!promotion.TryGetProperty("businessValue", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (task != TaskTypes.Binary)
        {
            errors.Add(new SpecError(at, $"applies to binary tasks only (this spec's task is {task})"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(at, $"must be an object of what each outcome is worth per row, e.g. {BusinessValueExample}"));
            return null;
        }

        UnknownSettings(element, at, s_businessValueCells, "businessValue", errors);
        var cells = new double[s_businessValueCells.Length];
        var complete = true;
        for (var i = 0; i < cells.Length; i++)
        {
            var name = s_businessValueCells[i];
            if (!element.TryGetProperty(name, out var cell) || cell.ValueKind != JsonValueKind.Number || !cell.TryGetDouble(out cells[i]) || !double.IsFinite(cells[i]))
            {
                errors.Add(new SpecError($"{at}.{name}", $"required: a finite number, the value of one {name} row (costs are negative), e.g. {BusinessValueExample}"));
                complete = false;
            }
        }

        return complete ? new BusinessValueSpec(cells[0], cells[1], cells[2], cells[3]) : null;
    }

    /// <summary><c>promotion.threshold</c>: a number (fixed), "default", or the threshold metric to tune for.</summary>
    private static ThresholdSpec? Threshold(JsonElement promotion, string task, BusinessValueSpec? businessValue, List<SpecError> errors)
    {
        const string at = $"{PromotionAt}.threshold";
        if (!promotion.TryGetProperty("threshold", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (task != TaskTypes.Binary)
        {
            errors.Add(new SpecError(at, $"applies to binary tasks only (this spec's task is {task})"));
            return null;
        }

        var tunable = ThresholdMetrics.All.Where(m => m != BinaryMetricNames.BusinessValue || businessValue is not null).ToList();
        var expected = $"must be a probability from 0 to 1 (exclusive), \"{ThresholdSpec.Default}\", or a metric to tune it for: {string.Join(", ", tunable)}";
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDouble(out var value) && value is > 0 and < 1:
                return new ThresholdSpec { Mode = ThresholdSpec.Fixed, Value = value };
            case JsonValueKind.String when element.GetString() == ThresholdSpec.Default:
                return new ThresholdSpec { Mode = ThresholdSpec.Default };
            case JsonValueKind.String when tunable.Contains(element.GetString()!, StringComparer.Ordinal):
                return new ThresholdSpec { Mode = ThresholdSpec.Tuned, TuneFor = element.GetString() };
            case JsonValueKind.String when element.GetString() == BinaryMetricNames.BusinessValue:
                errors.Add(new SpecError(at, $"tuning for businessValue needs promotion.businessValue, e.g. {BusinessValueExample}"));
                return null;
            default:
                errors.Add(new SpecError(at, $"{expected} (was {element.GetRawText()})"));
                return null;
        }
    }
}
