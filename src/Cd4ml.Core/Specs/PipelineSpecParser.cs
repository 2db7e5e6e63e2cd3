using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs;

/// <summary>
/// Reads a pipeline spec and reports every problem at once, each with its JSON path, so a user fixes
/// the file in one pass instead of one error per run.
/// </summary>
public static class PipelineSpecParser
{
    public const string BinaryClassification = "binary-classification";

    private static readonly string[] s_topLevel =
        ["$schema", "name", "task", "label", "positiveClass", "exclude", "testFraction", "seed", "trainers", "promotion", "approval", "approvalTimeout", "schedule"];

    /// <summary>Parses and validates; throws <see cref="InvalidSpecException"/> listing every problem.</summary>
    public static PipelineSpec Parse(string json, string source)
    {
        var (spec, errors) = TryParse(json);
        return errors.Count > 0 || spec is null ? throw new InvalidSpecException(source, errors) : spec;
    }

    /// <summary>Parses and validates; returns the spec only when there are no errors.</summary>
    public static (PipelineSpec? Spec, IReadOnlyList<SpecError> Errors) TryParse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : "";
            return (null, [new SpecError("$", $"not valid JSON{where}: {FirstSentence(ex.Message)}")]);
        }

        using (document)
        {
            var errors = new List<SpecError>();
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new SpecError("$", "the spec must be a JSON object")]);
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!s_topLevel.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(new SpecError($"$.{property.Name}", $"unknown setting; known settings are {string.Join(", ", s_topLevel.Skip(1))}"));
                }
            }

            var name = RequiredString(root, "name", errors);
            if (name is not null && !PipelineNames.IsValid(name))
            {
                errors.Add(new SpecError("$.name", $"'{name}' is not a valid name: {PipelineNames.Rule}"));
            }

            var task = OptionalString(root, "task", errors) ?? BinaryClassification;
            if (task != BinaryClassification)
            {
                errors.Add(new SpecError("$.task", $"unknown task '{task}'; supported: {BinaryClassification}"));
            }

            var label = RequiredString(root, "label", errors);
            var positiveClass = OptionalString(root, "positiveClass", errors);
            var exclude = StringArray(root, "exclude", errors);
            if (label is not null && exclude.Contains(label, StringComparer.Ordinal))
            {
                errors.Add(new SpecError("$.exclude", $"the label column '{label}' cannot also be excluded"));
            }

            var testFraction = OptionalNumber(root, "testFraction", errors) ?? 0.2;
            if (testFraction is < 0.05 or > 0.5)
            {
                errors.Add(new SpecError("$.testFraction", $"must be between 0.05 and 0.5 (was {Format(testFraction)})"));
            }

            var seed = OptionalNumber(root, "seed", errors) ?? 42;
            if (seed < 0 || seed > int.MaxValue || seed != Math.Floor(seed))
            {
                errors.Add(new SpecError("$.seed", $"must be a whole number from 0 to {int.MaxValue} (was {Format(seed)})"));
            }

            var trainers = Trainers(root, errors);
            var promotion = Promotion(root, errors);

            var approval = OptionalString(root, "approval", errors) ?? ApprovalModes.None;
            if (approval is not (ApprovalModes.None or ApprovalModes.Manual))
            {
                errors.Add(new SpecError("$.approval", $"must be '{ApprovalModes.None}' or '{ApprovalModes.Manual}' (was '{approval}')"));
            }

            var approvalTimeoutText = OptionalString(root, "approvalTimeout", errors);
            var approvalTimeout = TimeSpan.FromHours(72);
            if (approvalTimeoutText is not null)
            {
                var parsed = SpecDurations.TryParse(approvalTimeoutText);
                if (parsed is null || parsed <= TimeSpan.Zero || parsed > TimeSpan.FromDays(30))
                {
                    errors.Add(new SpecError("$.approvalTimeout", $"must be a duration like \"30m\", \"12h\" or \"3d\", at most 30 days (was '{approvalTimeoutText}')"));
                }
                else
                {
                    approvalTimeout = parsed.Value;
                }
            }

            var schedule = OptionalString(root, "schedule", errors);
            if (schedule is not null && SpecSchedules.Problem(schedule) is { } scheduleProblem)
            {
                errors.Add(new SpecError("$.schedule", scheduleProblem));
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            return (new PipelineSpec
            {
                Name = name!,
                Task = task,
                Label = label!,
                PositiveClass = positiveClass,
                Exclude = exclude,
                TestFraction = testFraction,
                Seed = (int)seed,
                Trainers = trainers,
                Promotion = promotion!,
                Approval = approval,
                ApprovalTimeout = approvalTimeout,
                Schedule = schedule,
            }, errors);
        }
    }

    /// <summary>
    /// A stable hash of what the spec means (not how it is formatted): two files that parse to the same
    /// spec hash the same, so reformatting a spec does not start a new run.
    /// </summary>
    public static string Hash(PipelineSpec spec)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(spec, SpecJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static List<TrainerSpec> Trainers(JsonElement root, List<SpecError> errors)
    {
        var result = new List<TrainerSpec>();
        if (!root.TryGetProperty("trainers", out var array))
        {
            errors.Add(new SpecError("$.trainers", "required: a list of candidate trainers, e.g. [{\"name\": \"LightGbm\"}, {\"name\": \"FastTree\"}]"));
            return result;
        }

        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add(new SpecError("$.trainers", "must be a non-empty array of trainers"));
            return result;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"$.trainers[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SpecError(path, "must be an object like {\"name\": \"LightGbm\", \"parameters\": {...}}"));
                continue;
            }

            foreach (var property in item.EnumerateObject())
            {
                if (property.Name is not ("name" or "parameters"))
                {
                    errors.Add(new SpecError($"{path}.{property.Name}", "unknown setting; a trainer has 'name' and 'parameters'"));
                }
            }

            var trainerName = RequiredString(item, "name", errors, path);
            if (trainerName is null)
            {
                continue;
            }

            var definition = TrainerCatalog.Find(trainerName);
            if (definition is null)
            {
                errors.Add(new SpecError($"{path}.name", $"unknown trainer '{trainerName}'; known trainers: {string.Join(", ", TrainerCatalog.All.Select(t => t.Name))}"));
                continue;
            }

            result.Add(new TrainerSpec { Name = trainerName, Parameters = Parameters(item, definition, path, errors) });
        }

        return result;
    }

    // Sorted, so the spec hash (and the run id) does not depend on the order parameters are written in.
    private static SortedDictionary<string, double> Parameters(JsonElement trainer, TrainerDefinition definition, string path, List<SpecError> errors)
    {
        var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (!trainer.TryGetProperty("parameters", out var element))
        {
            return parameters;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError($"{path}.parameters", "must be an object of parameter names to numbers"));
            return parameters;
        }

        foreach (var property in element.EnumerateObject())
        {
            var parameterPath = $"{path}.parameters.{property.Name}";
            var known = definition.Parameters.FirstOrDefault(p => p.Name == property.Name);
            if (known is null)
            {
                errors.Add(new SpecError(parameterPath, $"unknown parameter for {definition.Name}; known: {string.Join(", ", definition.Parameters.Select(p => p.Name))}"));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new SpecError(parameterPath, "must be a number"));
                continue;
            }

            var value = property.Value.GetDouble();
            if (value < known.Min || value > known.Max || (known.IsInteger && value != Math.Floor(value)))
            {
                var kind = known.IsInteger ? "a whole number" : "a number";
                errors.Add(new SpecError(parameterPath, $"must be {kind} from {Format(known.Min)} to {Format(known.Max)} (was {Format(value)})"));
                continue;
            }

            parameters[property.Name] = value;
        }

        return parameters;
    }

    private static PromotionSpec? Promotion(JsonElement root, List<SpecError> errors)
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

    private static string? RequiredString(JsonElement parent, string name, List<SpecError> errors, string at = "$")
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            errors.Add(new SpecError($"{at}.{name}", "required"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new SpecError($"{at}.{name}", "must be a non-empty string"));
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement parent, string name, List<SpecError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new SpecError($"$.{name}", "must be a non-empty string"));
            return null;
        }

        return value.GetString();
    }

    private static double? OptionalNumber(JsonElement parent, string name, List<SpecError> errors, string at = "$")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(new SpecError($"{at}.{name}", "must be a number"));
            return null;
        }

        return value.GetDouble();
    }

    private static List<string> StringArray(JsonElement parent, string name, List<SpecError> errors)
    {
        var result = new List<string>();
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new SpecError($"$.{name}", "must be an array of column names"));
            return result;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors.Add(new SpecError($"$.{name}[{index}]", "must be a non-empty string"));
            }
            else
            {
                result.Add(item.GetString()!);
            }

            index++;
        }

        return result;
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string FirstSentence(string message)
    {
        // The parser's message repeats the position (zero-based) after " LineNumber:" or " Path:"; ours is already given.
        var cuts = new[] { message.IndexOf(" Path:", StringComparison.Ordinal), message.IndexOf(" LineNumber:", StringComparison.Ordinal) }
            .Where(i => i > 0).ToList();
        return (cuts.Count > 0 ? message[..cuts.Min()] : message).TrimEnd(' ', '|', '.') + ".";
    }
}
