using System.Text.Json;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs;

// The promotion policy of a spec: metrics, thresholds, significance, guardrails and fairness.
public static partial class PipelineSpecParser
{
    private static PromotionSpec? Promotion(JsonElement root, string task, List<SpecError> errors)
    {
        if (!root.TryGetProperty("promotion", out var element))
        {
            errors.Add(new SpecError("$.promotion", "required: {\"primaryMetric\": \"auc\", \"minImprovement\": 0.002}"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError("$.promotion", "must be an object"));
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("primaryMetric" or "minImprovement"))
            {
                errors.Add(new SpecError($"$.promotion.{property.Name}", "unknown setting; promotion has 'primaryMetric' and 'minImprovement'"));
            }
        }

        var metric = RequiredString(element, "primaryMetric", errors, "$.promotion");
        if (metric is not null && !BinaryMetricNames.All.Contains(metric, StringComparer.Ordinal))
        {
            errors.Add(new SpecError("$.promotion.primaryMetric", $"unknown metric '{metric}'; known metrics: {string.Join(", ", BinaryMetricNames.All)}"));
        }

        var minImprovement = OptionalNumber(element, "minImprovement", errors, "$.promotion") ?? 0;
        if (minImprovement < 0 || minImprovement > 1)
        {
            errors.Add(new SpecError("$.promotion.minImprovement", $"must be from 0 to 1 (was {Format(minImprovement)})"));
        }

        return metric is null ? null : new PromotionSpec { PrimaryMetric = metric, MinImprovement = minImprovement };
    }
}
