using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs.Parsing;

/// <summary>
/// Reads a pipeline spec and reports every problem at once, each with its JSON path, so a user fixes
/// the file in one pass instead of one error per run.
/// </summary>
public static partial class PipelineSpecParser
{
    public const string BinaryClassification = TaskTypes.Binary;

    private static readonly string[] s_topLevel =
        [
            "$schema", "name", "task", "label", "positiveClass", "exclude", "columns", "checks", "testFraction", "seed", "crossValidation",
            "trainers", "search", "promotion", "approval", "approvalTimeout", "schedule", "monitoring",
        ];

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

            var task = OptionalString(root, "task", errors) ?? TaskTypes.Binary;
            if (!TaskTypes.All.Contains(task, StringComparer.Ordinal))
            {
                errors.Add(new SpecError("$.task", $"unknown task '{task}'; supported: {string.Join(", ", TaskTypes.All)}"));
                task = TaskTypes.Binary;
            }

            var label = RequiredString(root, "label", errors);
            var positiveClass = OptionalString(root, "positiveClass", errors);
            var exclude = StringArray(root, "exclude", errors);
            if (label is not null && exclude.Contains(label, StringComparer.Ordinal))
            {
                errors.Add(new SpecError("$.exclude", $"the label column '{label}' cannot also be excluded"));
            }

            var testFraction = OptionalNumber(root, "testFraction", errors) ?? PipelineSpec.DefaultTestFraction;
            if (testFraction is < 0.05 or > 0.5)
            {
                errors.Add(new SpecError("$.testFraction", $"must be between 0.05 and 0.5 (was {Format(testFraction)})"));
            }

            var seed = OptionalNumber(root, "seed", errors) ?? PipelineSpec.DefaultSeed;
            if (seed < 0 || seed > int.MaxValue || seed != Math.Floor(seed))
            {
                errors.Add(new SpecError("$.seed", $"must be a whole number from 0 to {int.MaxValue} (was {Format(seed)})"));
            }

            var columns = Columns(root, errors);
            var checks = Checks(root, errors);
            var folds = CrossValidation(root, errors);
            var search = Search(root, seed, errors);
            var trainers = Trainers(root, task, search is not null, errors);
            var promotion = Promotion(root, task, errors);

            var approval = OptionalString(root, "approval", errors) ?? ApprovalModes.None;
            if (approval is not (ApprovalModes.None or ApprovalModes.Manual))
            {
                errors.Add(new SpecError("$.approval", $"must be '{ApprovalModes.None}' or '{ApprovalModes.Manual}' (was '{approval}')"));
            }

            var approvalTimeoutText = OptionalString(root, "approvalTimeout", errors);
            var approvalTimeout = PipelineSpec.DefaultApprovalTimeout;
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

            var monitoring = Monitoring(root, task, label, promotion, errors);
            // A row id is never a feature: it identifies rows for joining late labels and would only let a model memorise.
            if (monitoring?.IdColumn is { } idColumn && !exclude.Contains(idColumn, StringComparer.Ordinal))
            {
                exclude.Add(idColumn);
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
                Columns = columns,
                Checks = checks,
                CrossValidationFolds = folds,
                TestFraction = testFraction,
                Seed = (int)seed,
                Trainers = trainers,
                Search = search,
                Promotion = promotion!,
                Approval = approval,
                ApprovalTimeout = approvalTimeout,
                Schedule = schedule,
                Monitoring = monitoring,
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

    private static string? OptionalString(JsonElement parent, string name, List<SpecError> errors, string at = "$")
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
