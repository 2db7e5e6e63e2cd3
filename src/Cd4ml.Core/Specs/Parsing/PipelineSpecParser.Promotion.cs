using System.Text.Json;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs.Parsing;

// The promotion policy of a spec: metrics, thresholds, significance, guardrails and fairness.
public static partial class PipelineSpecParser
{
    private const string PromotionAt = "$.promotion";

    private static readonly string[] s_promotionSettings =
        ["primaryMetric", "minImprovement", "improvement", "minValue", "maxDrop", "significance", "fairness", "businessValue", "threshold"];

    private static readonly string[] s_significanceSettings = ["enabled", "resamples", "confidence"];

    private static readonly string[] s_fairnessSettings = ["columns", "metrics", "maxDisparity", "minGroupRows"];

    // Metrics that are shares, so a least value outside 0..1 is a typo (e.g. 70 for 0.70).
    private static readonly string[] s_shareMetrics =
        [BinaryMetricNames.Auc, BinaryMetricNames.Accuracy, BinaryMetricNames.F1, BinaryMetricNames.Auprc, MetricCatalog.MicroAccuracy, MetricCatalog.MacroAccuracy];

    private static PromotionSpec? Promotion(JsonElement root, string task, List<SpecError> errors)
    {
        if (!root.TryGetProperty("promotion", out var element))
        {
            errors.Add(new SpecError(PromotionAt, "required: {\"primaryMetric\": \"auc\", \"minImprovement\": 0.002}"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(PromotionAt, "must be an object"));
            return null;
        }

        UnknownSettings(element, PromotionAt, s_promotionSettings, "promotion", errors);

        var businessValue = BusinessValue(element, task, errors);
        var metrics = PromotionMetrics(task, businessValue);
        var metric = RequiredString(element, "primaryMetric", errors, PromotionAt);
        if (metric == BinaryMetricNames.BusinessValue && businessValue is null && task == TaskTypes.Binary && !element.TryGetProperty("businessValue", out _))
        {
            errors.Add(new SpecError($"{PromotionAt}.primaryMetric", $"businessValue needs promotion.businessValue, what each outcome is worth per row, e.g. {BusinessValueExample}"));
        }
        else if (metric is not null && !metrics.Contains(metric, StringComparer.Ordinal) && !(metric == BinaryMetricNames.BusinessValue && task == TaskTypes.Binary))
        {
            errors.Add(new SpecError($"{PromotionAt}.primaryMetric", UnknownMetric(metric, metrics)));
        }

        var relative = Improvement(element, errors);
        var minImprovement = OptionalNumber(element, "minImprovement", errors, PromotionAt) ?? 0;
        // Absolute improvements of rmse and mae are in the label's own units, so they have no upper bound.
        var unbounded = !relative && metric is MetricCatalog.Rmse or MetricCatalog.Mae;
        if (!double.IsFinite(minImprovement) || minImprovement < 0 || (!unbounded && minImprovement > 1))
        {
            errors.Add(new SpecError($"{PromotionAt}.minImprovement",
                unbounded ? $"must be 0 or more (was {Format(minImprovement)})" : $"must be from 0 to 1 (was {Format(minImprovement)})"));
        }

        var minValue = MetricLimits(element, "minValue", metrics, errors, (name, value) =>
            s_shareMetrics.Contains(name, StringComparer.Ordinal) && value is < 0 or > 1 ? $"must be from 0 to 1 (was {Format(value)})" : null);
        var maxDrop = MetricLimits(element, "maxDrop", metrics, errors, (_, value) =>
            value < 0 ? $"must be 0 or more: the largest allowed drop (was {Format(value)})" : null);
        var significance = Significance(element, errors);
        var fairness = Fairness(element, task, errors);
        var threshold = Threshold(element, task, businessValue, errors);

        return metric is null
            ? null
            : new PromotionSpec
            {
                PrimaryMetric = metric,
                MinImprovement = minImprovement,
                RelativeImprovement = relative,
                MinValue = minValue,
                MaxDrop = maxDrop,
                Significance = significance,
                Fairness = fairness,
                BusinessValue = businessValue,
                Threshold = threshold,
            };
    }

    private static string UnknownMetric(string metric, IReadOnlyList<string> known) =>
        $"unknown metric '{metric}'; known metrics: {string.Join(", ", known)}";

    private static void UnknownSettings(JsonElement element, string at, string[] known, string what, List<SpecError> errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new SpecError($"{at}.{property.Name}", $"unknown setting; {what} has {string.Join(", ", known.Select(k => $"'{k}'"))}"));
            }
        }
    }

    /// <summary>True for <c>"improvement": "relative"</c>; absolute is the default.</summary>
    private static bool Improvement(JsonElement promotion, List<SpecError> errors)
    {
        if (!promotion.TryGetProperty("improvement", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (text is not ("absolute" or "relative"))
        {
            errors.Add(new SpecError($"{PromotionAt}.improvement",
                "must be \"absolute\" (minImprovement in the metric's units) or \"relative\" (a share of the champion's value)"));
            return false;
        }

        return text == "relative";
    }

    private static SortedDictionary<string, double> MetricLimits(
        JsonElement promotion, string name, IReadOnlyList<string> metrics, List<SpecError> errors, Func<string, double, string?> problem, string parentAt = PromotionAt)
    {
        var limits = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var at = $"{parentAt}.{name}";
        if (!promotion.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return limits;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(at, $"must be an object of metric names and numbers, e.g. {{\"{metrics[0]}\": 0.7}}"));
            return limits;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = $"{at}.{property.Name}";
            if (!metrics.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new SpecError(path, UnknownMetric(property.Name, metrics)));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new SpecError(path, "must be a number"));
                continue;
            }

            var value = property.Value.GetDouble();
            var why = double.IsFinite(value) ? problem(property.Name, value) : $"must be a finite number (was {property.Value.GetRawText()})";
            if (why is not null)
            {
                errors.Add(new SpecError(path, why));
                continue;
            }

            limits[property.Name] = value;
        }

        return limits;
    }

    /// <summary><c>true</c>/<c>false</c>, or an object with <c>enabled</c>, <c>resamples</c>, <c>confidence</c>; on by default.</summary>
    private static SignificanceSpec Significance(JsonElement promotion, List<SpecError> errors)
    {
        const string at = $"{PromotionAt}.significance";
        var defaults = new SignificanceSpec();
        if (!promotion.TryGetProperty("significance", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return defaults;
        }

        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return defaults with { Enabled = element.GetBoolean() };
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(at, "must be true, false or an object such as {\"resamples\": 1000, \"confidence\": 0.95}"));
            return defaults;
        }

        UnknownSettings(element, at, s_significanceSettings, "significance", errors);
        var enabled = defaults.Enabled;
        if (element.TryGetProperty("enabled", out var enabledValue) && enabledValue.ValueKind != JsonValueKind.Null)
        {
            if (enabledValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = enabledValue.GetBoolean();
            }
            else
            {
                errors.Add(new SpecError($"{at}.enabled", "must be true or false"));
            }
        }

        var resamples = WholeNumber(element, "resamples", at, 100, 100_000, errors) ?? defaults.Resamples;
        var confidence = OptionalNumber(element, "confidence", errors, at) ?? defaults.Confidence;
        if (confidence is < 0.5 or > 0.999)
        {
            errors.Add(new SpecError($"{at}.confidence", $"must be from 0.5 to 0.999 (was {Format(confidence)})"));
        }

        return new SignificanceSpec { Enabled = enabled, Resamples = resamples, Confidence = confidence };
    }

    private static FairnessSpec? Fairness(JsonElement promotion, string task, List<SpecError> errors)
    {
        const string at = $"{PromotionAt}.fairness";
        if (!promotion.TryGetProperty("fairness", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(at, "must be an object such as {\"columns\": [\"gender\"], \"maxDisparity\": 0.1}"));
            return null;
        }

        if (task == TaskTypes.Regression)
        {
            errors.Add(new SpecError(at,
                "not defined for regression: fairness compares classification rates (selection, true-positive, error) between groups"));
            return null;
        }

        UnknownSettings(element, at, s_fairnessSettings, "fairness", errors);
        var columns = Names(element, "columns", at, errors, "column");
        if (!element.TryGetProperty("columns", out var columnsValue) || columnsValue.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new SpecError($"{at}.columns", "required: the sensitive columns whose groups are compared, e.g. [\"gender\"]"));
        }
        else if (columnsValue.ValueKind == JsonValueKind.Array && columnsValue.GetArrayLength() == 0)
        {
            errors.Add(new SpecError($"{at}.columns", "must name at least one sensitive column"));
        }

        var supported = FairnessMetricNames.For(task);
        var metrics = supported;
        if (element.TryGetProperty("metrics", out var metricsValue) && metricsValue.ValueKind != JsonValueKind.Null)
        {
            var named = Names(element, "metrics", at, errors, "metric");
            for (var i = 0; i < named.Count; i++)
            {
                if (!supported.Contains(named[i], StringComparer.Ordinal))
                {
                    var why = FairnessMetricNames.All.Contains(named[i], StringComparer.Ordinal)
                        ? $"'{named[i]}' is not defined for {task}; it supports {string.Join(", ", supported)}"
                        : $"unknown fairness metric '{named[i]}'; known: {string.Join(", ", supported)}";
                    errors.Add(new SpecError($"{at}.metrics[{i}]", why));
                }
            }

            if (named.Count == 0 && metricsValue.ValueKind == JsonValueKind.Array)
            {
                errors.Add(new SpecError($"{at}.metrics", $"must name at least one of {string.Join(", ", supported)}"));
            }

            metrics = named;
        }

        var defaults = new FairnessSpec { Columns = [] };
        var maxDisparity = OptionalNumber(element, "maxDisparity", errors, at) ?? defaults.MaxDisparity;
        if (maxDisparity is < 0 or > 1)
        {
            errors.Add(new SpecError($"{at}.maxDisparity", $"must be from 0 to 1 (was {Format(maxDisparity)})"));
        }

        var minGroupRows = WholeNumber(element, "minGroupRows", at, 1, 1_000_000, errors) ?? defaults.MinGroupRows;
        return new FairnessSpec { Columns = columns, Metrics = [.. metrics], MaxDisparity = maxDisparity, MinGroupRows = minGroupRows };
    }

    /// <summary>A non-empty array of distinct non-empty strings; problems are reported at each item.</summary>
    private static List<string> Names(JsonElement parent, string name, string at, List<SpecError> errors, string what)
    {
        var result = new List<string>();
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SpecError($"{at}.{name}", $"must be an array of {what} names"));
            return result;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{at}.{name}[{index++}]";
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors.Add(new SpecError(path, "must be a non-empty string"));
            }
            else if (result.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                errors.Add(new SpecError(path, $"'{item.GetString()}' is listed twice"));
            }
            else
            {
                result.Add(item.GetString()!);
            }
        }

        return result;
    }

    private static int? WholeNumber(JsonElement parent, string name, string at, int min, int max, List<SpecError> errors)
    {
        var value = OptionalNumber(parent, name, errors, at);
        if (value is null)
        {
            return null;
        }

        if (value < min || value > max || value != Math.Floor(value.Value))
        {
            errors.Add(new SpecError($"{at}.{name}", $"must be a whole number from {Format(min)} to {Format(max)} (was {Format(value.Value)})"));
            return null;
        }

        return (int)value;
    }
}
