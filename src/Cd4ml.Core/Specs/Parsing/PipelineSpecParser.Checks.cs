using System.Text.Json;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Specs.Parsing;

// The declared columns and the data-check settings of a spec.
public static partial class PipelineSpecParser
{
    private static readonly string[] s_columnSettings = ["type", "min", "max"];

    // Sorted, so the spec hash does not depend on the order columns and checks are written in.
    private static SortedDictionary<string, ColumnSpec> Columns(JsonElement root, List<SpecError> errors)
    {
        var result = new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal);
        if (!root.TryGetProperty("columns", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError("$.columns", "must be an object of column names to settings, e.g. {\"age\": {\"type\": \"numeric\", \"min\": 0, \"max\": 120}}"));
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = $"$.columns.{property.Name}";
            if (string.IsNullOrWhiteSpace(property.Name))
            {
                errors.Add(new SpecError(path, "a column name must not be blank"));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SpecError(path, "must be an object like {\"type\": \"numeric\", \"min\": 0, \"max\": 120}"));
                continue;
            }

            if (ParseColumn(property.Name, property.Value, path, errors) is { } column)
            {
                result[property.Name] = column;
            }
        }

        return result;
    }

    private static ColumnSpec? ParseColumn(string name, JsonElement element, string path, List<SpecError> errors)
    {
        var before = errors.Count;
        foreach (var property in element.EnumerateObject())
        {
            if (!s_columnSettings.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new SpecError($"{path}.{property.Name}", "unknown setting; a column has 'type', 'min' and 'max'"));
            }
        }

        var type = StringAt(element, "type", path, errors);
        if (type is not null && !ColumnTypes.All.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(new SpecError($"{path}.type", $"unknown column type '{type}'; known types: {string.Join(", ", ColumnTypes.All)}"));
            type = null;
        }

        var min = OptionalNumber(element, "min", errors, path);
        var max = OptionalNumber(element, "max", errors, path);
        if ((min is not null || max is not null) && type is not null and not ColumnTypes.Numeric)
        {
            errors.Add(new SpecError($"{path}.{(min is not null ? "min" : "max")}", $"a range applies to numeric columns only, but '{name}' is declared {type}"));
        }

        if (min > max)
        {
            errors.Add(new SpecError($"{path}.min", $"must not be greater than max (min {Format(min.Value)}, max {Format(max!.Value)})"));
        }

        return errors.Count > before ? null : new ColumnSpec { Type = type, Min = min, Max = max };
    }

    private static SortedDictionary<string, CheckSettings> Checks(JsonElement root, List<SpecError> errors)
    {
        var result = new SortedDictionary<string, CheckSettings>(StringComparer.Ordinal);
        if (!root.TryGetProperty("checks", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError("$.checks", "must be an object of check names to settings, e.g. {\"completeness\": {\"warn\": 0.1, \"fail\": 0.3}}"));
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = $"$.checks.{property.Name}";
            var definition = DataChecks.Find(property.Name);
            if (definition is null)
            {
                errors.Add(new SpecError(path, $"unknown check; known checks: {string.Join(", ", DataChecks.Names)}{DidYouMean(property.Name, DataChecks.Names)}"));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SpecError(path, "must be an object like {\"warn\": 0.1, \"fail\": 0.3} or {\"enabled\": false}"));
                continue;
            }

            if (ParseCheck(definition, property.Value, path, errors) is { } settings)
            {
                result[property.Name] = settings;
            }
        }

        return result;
    }

    private static CheckSettings? ParseCheck(DataCheckDefinition check, JsonElement element, string path, List<SpecError> errors)
    {
        var before = errors.Count;
        string[] known = check switch
        {
            { HasThresholds: false } => ["enabled"],
            { HasColumnThresholds: false } => ["enabled", "warn", "fail"],
            _ => ["enabled", "warn", "fail", "columns"],
        };
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var why = property.Name is "warn" or "fail" ? $"the {check.Name} check has no thresholds"
                    : property.Name == "columns" ? $"the {check.Name} check has no per-column thresholds"
                    : "unknown setting";
                errors.Add(new SpecError($"{path}.{property.Name}", $"{why}; it takes {string.Join(", ", known.Select(k => $"'{k}'"))}"));
            }
        }

        var enabled = true;
        if (element.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new SpecError($"{path}.enabled", "must be true or false"));
            }
            else if (!(enabled = enabledElement.GetBoolean()) && !check.CanDisable)
            {
                var instead = check.HasThresholds ? $"; set its thresholds instead, e.g. {Example(check)}" : "";
                errors.Add(new SpecError($"{path}.enabled", $"the {check.Name} check cannot be turned off: the problems it finds make training silently wrong{instead}"));
            }
        }

        var thresholds = Thresholds(check, element, path, errors);
        var columns = new SortedDictionary<string, CheckThresholds>(StringComparer.Ordinal);
        if (check.HasColumnThresholds && element.TryGetProperty("columns", out var columnsElement) && columnsElement.ValueKind != JsonValueKind.Null)
        {
            if (columnsElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SpecError($"{path}.columns", $"must be an object of column names to thresholds, e.g. {{\"income\": {Example(check)}}}"));
            }
            else
            {
                foreach (var column in columnsElement.EnumerateObject())
                {
                    var columnPath = $"{path}.columns.{column.Name}";
                    if (string.IsNullOrWhiteSpace(column.Name))
                    {
                        errors.Add(new SpecError(columnPath, "a column name must not be blank"));
                    }
                    else if (column.Value.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(new SpecError(columnPath, $"must be an object like {Example(check)}"));
                    }
                    else
                    {
                        ColumnThresholds(check, column.Value, columnPath, errors, columns, column.Name);
                    }
                }
            }
        }

        return errors.Count > before ? null : new CheckSettings { Enabled = enabled, Warn = thresholds.Warn, Fail = thresholds.Fail, Columns = columns };
    }

    private static void ColumnThresholds(
        DataCheckDefinition check, JsonElement element, string path, List<SpecError> errors, SortedDictionary<string, CheckThresholds> columns, string column)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("warn" or "fail"))
            {
                errors.Add(new SpecError($"{path}.{property.Name}", "unknown setting; a column's thresholds are 'warn' and 'fail'"));
            }
        }

        if (!element.TryGetProperty("warn", out _) && !element.TryGetProperty("fail", out _))
        {
            errors.Add(new SpecError(path, $"give 'warn', 'fail' or both, e.g. {Example(check)}"));
            return;
        }

        columns[column] = Thresholds(check, element, path, errors);
    }

    // The warn/fail pair of a check or of one column, each value checked against what the check's numbers mean,
    // then the pair checked for order: a value must not fail before it warns.
    private static CheckThresholds Thresholds(DataCheckDefinition check, JsonElement element, string path, List<SpecError> errors)
    {
        if (!check.HasThresholds)
        {
            return new CheckThresholds(null, null);
        }

        var warn = Threshold(check, element, "warn", path, errors);
        var fail = Threshold(check, element, "fail", path, errors);
        if (warn is not { } w || fail is not { } f)
        {
            return new CheckThresholds(warn, fail);
        }

        var problem = check.Kind switch
        {
            ThresholdKind.MaxShare or ThresholdKind.MaxScore when w > f =>
                $"must not be above fail ({Format(f)}), or a value would fail before it warns",
            ThresholdKind.MinShare or ThresholdKind.MinCount when w < f =>
                $"must not be below fail ({Format(f)}), or a value would fail before it warns",
            ThresholdKind.Severity =>
                "give either {\"warn\": 0} (problems only warn) or {\"fail\": 0} (problems fail), not both",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(new SpecError($"{path}.warn", problem));
            return new CheckThresholds(null, null);
        }

        return new CheckThresholds(warn, fail);
    }

    private static double? Threshold(DataCheckDefinition check, JsonElement element, string name, string path, List<SpecError> errors)
    {
        var before = errors.Count;
        var value = OptionalNumber(element, name, errors, path);
        if (value is not { } v)
        {
            if (errors.Count > before)
            {
                // Say what kind of number, not just "a number".
                errors[^1] = errors[^1] with { Message = $"must be a number: {Meaning(check)}" };
            }

            return null;
        }

        var valid = check.Kind switch
        {
            ThresholdKind.MaxShare or ThresholdKind.MinShare => v is >= 0 and <= 1,
            ThresholdKind.MaxScore => v >= 0,
            ThresholdKind.MinCount => v >= 0 && v <= int.MaxValue && v == Math.Floor(v),
            ThresholdKind.Severity => v == 0,
            _ => false,
        };
        if (!valid)
        {
            errors.Add(new SpecError($"{path}.{name}", $"{Meaning(check)} (was {Format(v)})"));
            return null;
        }

        return v;
    }

    private static string Meaning(DataCheckDefinition check) => check.Kind switch
    {
        ThresholdKind.MaxShare or ThresholdKind.MinShare => "must be a share from 0 to 1, e.g. 0.05 for 5%",
        ThresholdKind.MaxScore => "must be 0 or more",
        ThresholdKind.MinCount => "must be a whole number of rows, 0 or more",
        ThresholdKind.Severity => $"must be 0: any problem counts, and {{\"warn\": 0}} or {{\"fail\": 0}} only chooses how severe it is",
        _ => "this check has no thresholds",
    };

    private static string Example(DataCheckDefinition check) => check.Kind switch
    {
        ThresholdKind.Severity => "{\"warn\": 0}",
        ThresholdKind.MinCount => "{\"fail\": 1000}",
        ThresholdKind.MinShare => "{\"warn\": 0.1, \"fail\": 0.02}",
        ThresholdKind.MaxScore => "{\"warn\": 0.2, \"fail\": 0.5}",
        _ => "{\"warn\": 0.1, \"fail\": 0.3}",
    };

    private static string? StringAt(JsonElement parent, string name, string at, List<SpecError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new SpecError($"{at}.{name}", "must be a non-empty string"));
            return null;
        }

        return value.GetString();
    }

    // A misspelt name is usually one or two edits away from the one meant.
    private static string DidYouMean(string name, IEnumerable<string> known)
    {
        var closest = known.Select(k => (Name: k, Distance: EditDistance(name, k))).MinBy(k => k.Distance);
        return closest.Name is not null && closest.Distance <= 2 ? $"; did you mean '{closest.Name}'?" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
