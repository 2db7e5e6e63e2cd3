using System.Text.Json;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs.Parsing;

// The monitoring policy of a spec: id column, windows, limits on live quality and drift, and the action on degradation.
public static partial class PipelineSpecParser
{
    private const string MonitoringAt = "$.monitoring";

    private static readonly string[] s_monitoringSettings =
        ["idColumn", "window", "minRows", "maxMetricDrop", "maxDrift", "maxDisparity", "onDegraded", "cooldown"];

    private static MonitoringSpec? Monitoring(JsonElement root, string task, string? label, PromotionSpec? promotion, List<SpecError> errors)
    {
        if (!root.TryGetProperty("monitoring", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError(MonitoringAt, "must be an object such as {\"idColumn\": \"id\", \"window\": 1000, \"onDegraded\": \"alert\"}"));
            return null;
        }

        UnknownSettings(element, MonitoringAt, s_monitoringSettings, "monitoring", errors);
        var defaults = new MonitoringSpec();

        var idColumn = OptionalString(element, "idColumn", errors, MonitoringAt);
        if (idColumn is not null && idColumn == label)
        {
            errors.Add(new SpecError($"{MonitoringAt}.idColumn", $"the label column '{label}' cannot identify rows: feedback files carry it as the label"));
        }

        var window = Window(element, errors) ?? defaults.Window;
        var minRows = WholeNumber(element, "minRows", MonitoringAt, 10, 10_000_000, errors) ?? defaults.MinRows;
        if (window.Rows is { } rows && rows < minRows)
        {
            errors.Add(new SpecError($"{MonitoringAt}.window", $"a window of {rows} rows can never reach minRows ({minRows}); make the window larger or minRows smaller"));
        }

        var metrics = MetricCatalog.For(task);
        var maxMetricDrop = MetricLimits(element, "maxMetricDrop", metrics, errors, (_, value) =>
            value < 0 ? $"must be 0 or more: the largest allowed drop from the metric at promotion (was {Format(value)})" : null, MonitoringAt);
        if (maxMetricDrop.Count == 0 && promotion is not null && !element.TryGetProperty("maxMetricDrop", out _))
        {
            maxMetricDrop[promotion.PrimaryMetric] = MonitoringSpec.DefaultMaxMetricDrop;
        }

        var maxDrift = OptionalNumber(element, "maxDrift", errors, MonitoringAt) ?? defaults.MaxDrift;
        if (!double.IsFinite(maxDrift) || maxDrift <= 0 || maxDrift > 10)
        {
            errors.Add(new SpecError($"{MonitoringAt}.maxDrift", $"must be above 0 and at most 10 (was {Format(maxDrift)})"));
        }

        var maxDisparity = OptionalNumber(element, "maxDisparity", errors, MonitoringAt) ?? promotion?.Fairness?.MaxDisparity;
        if (maxDisparity is { } disparity && (!double.IsFinite(disparity) || disparity is < 0 or > 1))
        {
            errors.Add(new SpecError($"{MonitoringAt}.maxDisparity", $"must be from 0 to 1 (was {Format(disparity)})"));
        }

        if (element.TryGetProperty("maxDisparity", out _) && promotion is not null && promotion.Fairness is null)
        {
            errors.Add(new SpecError($"{MonitoringAt}.maxDisparity", "needs $.promotion.fairness.columns: live fairness is measured on the same groups as the fairness gate"));
        }

        var onDegraded = OptionalString(element, "onDegraded", errors, MonitoringAt) ?? defaults.OnDegraded;
        if (!DegradedActions.All.Contains(onDegraded, StringComparer.Ordinal))
        {
            errors.Add(new SpecError($"{MonitoringAt}.onDegraded", $"must be one of {string.Join(", ", DegradedActions.All.Select(a => $"'{a}'"))} (was '{onDegraded}')"));
        }

        var cooldown = defaults.Cooldown;
        if (OptionalString(element, "cooldown", errors, MonitoringAt) is { } cooldownText)
        {
            var parsed = SpecDurations.TryParse(cooldownText);
            if (parsed is null || parsed < TimeSpan.Zero || parsed > TimeSpan.FromDays(90))
            {
                errors.Add(new SpecError($"{MonitoringAt}.cooldown", $"must be a duration like \"30m\", \"24h\" or \"7d\", at most 90 days (was '{cooldownText}')"));
            }
            else
            {
                cooldown = parsed.Value;
            }
        }

        return new MonitoringSpec
        {
            IdColumn = idColumn,
            Window = window,
            MinRows = minRows,
            MaxMetricDrop = maxMetricDrop,
            MaxDrift = maxDrift,
            MaxDisparity = maxDisparity,
            OnDegraded = onDegraded,
            Cooldown = cooldown,
        };
    }

    /// <summary><c>"window": 1000</c> (labelled rows) or <c>"window": "24h"</c> (time, by when rows were scored).</summary>
    private static MonitoringWindow? Window(JsonElement monitoring, List<SpecError> errors)
    {
        const string at = $"{MonitoringAt}.window";
        if (!monitoring.TryGetProperty("window", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            var rows = value.GetDouble();
            if (rows < 10 || rows > 10_000_000 || rows != Math.Floor(rows))
            {
                errors.Add(new SpecError(at, $"a row count must be a whole number from 10 to 10000000 (was {value.GetRawText()})"));
                return null;
            }

            return MonitoringWindow.OfRows((int)rows);
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var duration = text is null ? null : SpecDurations.TryParse(text);
        if (duration is null || duration < TimeSpan.FromMinutes(1) || duration > TimeSpan.FromDays(90))
        {
            errors.Add(new SpecError(at, $"must be a row count such as 1000 or a duration such as \"1h\" or \"7d\" (1 minute to 90 days; was {value.GetRawText()})"));
            return null;
        }

        return MonitoringWindow.OfDuration(duration.Value);
    }
}
