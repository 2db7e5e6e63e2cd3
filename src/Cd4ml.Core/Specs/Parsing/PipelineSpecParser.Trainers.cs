using System.Text.Json;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs.Parsing;

// The task, trainers, hyper-parameter grids and cross-validation of a spec.
public static partial class PipelineSpecParser
{
    /// <summary>The fewest and most folds <c>crossValidation.folds</c> may ask for.</summary>
    public const int MinFolds = 2;

    public const int MaxFolds = 10;

    private static int CrossValidation(JsonElement root, List<SpecError> errors)
    {
        if (!root.TryGetProperty("crossValidation", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError("$.crossValidation", $"must be an object like {{\"folds\": 5}}"));
            return 0;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != "folds")
            {
                errors.Add(new SpecError($"$.crossValidation.{property.Name}", "unknown setting; crossValidation has 'folds'"));
            }
        }

        if (!element.TryGetProperty("folds", out _))
        {
            errors.Add(new SpecError("$.crossValidation.folds", $"required: a whole number from {MinFolds} to {MaxFolds}, or leave crossValidation out"));
            return 0;
        }

        var folds = OptionalNumber(element, "folds", errors, "$.crossValidation");
        if (folds is not { } value)
        {
            return 0;
        }

        if (value < MinFolds || value > MaxFolds || value != Math.Floor(value))
        {
            errors.Add(new SpecError("$.crossValidation.folds", $"must be a whole number from {MinFolds} to {MaxFolds} (was {Format(value)})"));
            return 0;
        }

        return (int)value;
    }

    private static List<TrainerSpec> Trainers(JsonElement root, string task, bool searching, List<SpecError> errors)
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

            var definition = TrainerCatalog.Find(task, trainerName);
            if (definition is null)
            {
                errors.Add(new SpecError($"{path}.name", UnavailableTrainer(trainerName, task)));
                continue;
            }

            var (parameters, grid, ranges) = Parameters(item, definition, path, searching, errors);
            result.Add(new TrainerSpec { Name = trainerName, Parameters = parameters, Grid = grid, Ranges = ranges.Count > 0 ? ranges : null });
        }

        // A search samples from the grids instead of expanding them, so their product is not a candidate count.
        var candidates = result.Sum(CandidatePlan.Count);
        if (!searching && candidates > CandidatePlan.MaxCandidates)
        {
            errors.Add(new SpecError("$.trainers", $"the trainers and their grids make {candidates} candidates; at most {CandidatePlan.MaxCandidates} are allowed (use fewer values in the grids)"));
        }

        return result;
    }

    private static string UnavailableTrainer(string name, string task)
    {
        var available = string.Join(", ", TrainerCatalog.For(task).Select(t => t.Name));
        var elsewhere = TrainerCatalog.TasksOffering(name);
        return elsewhere.Count > 0
            ? $"'{name}' is not available for {task} (it is for {string.Join(", ", elsewhere)}); available: {available}"
            : $"unknown trainer '{name}'; known trainers: {available}";
    }

    // Sorted, so the spec hash (and the run id) does not depend on the order parameters are written in.
    // A number fixes a parameter; a non-empty array of numbers is a grid (every value is tried, or sampled from by a
    // search); an object {"min", "max", "scale"} is a range, which only a search samples.
    private static (SortedDictionary<string, double> Parameters, SortedDictionary<string, IReadOnlyList<double>> Grid, SortedDictionary<string, ParameterRange> Ranges) Parameters(
        JsonElement trainer, TrainerDefinition definition, string path, bool searching, List<SpecError> errors)
    {
        var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var grid = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var ranges = new SortedDictionary<string, ParameterRange>(StringComparer.Ordinal);
        if (!trainer.TryGetProperty("parameters", out var element))
        {
            return (parameters, grid, ranges);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError($"{path}.parameters", "must be an object of parameter names to numbers (or arrays of numbers to search)"));
            return (parameters, grid, ranges);
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

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Number:
                    if (Value(property.Value, known, parameterPath, errors) is { } value)
                    {
                        parameters[property.Name] = value;
                    }

                    break;
                case JsonValueKind.Array:
                    if (GridValues(property.Value, known, parameterPath, errors) is { } values)
                    {
                        grid[property.Name] = values;
                    }

                    break;
                case JsonValueKind.Object:
                    if (Range(property.Value, known, parameterPath, searching, errors) is { } range)
                    {
                        ranges[property.Name] = range;
                    }

                    break;
                default:
                    errors.Add(new SpecError(parameterPath, "must be a number"));
                    break;
            }
        }

        return (parameters, grid, ranges);
    }

    private static List<double>? GridValues(JsonElement array, TrainerParameter known, string path, List<SpecError> errors)
    {
        if (array.GetArrayLength() == 0)
        {
            errors.Add(new SpecError(path, "an empty grid; give at least one value"));
            return null;
        }

        var values = new List<double>();
        var valid = true;
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new SpecError(itemPath, "must be a number"));
                valid = false;
            }
            else if (Value(item, known, itemPath, errors) is not { } value)
            {
                valid = false;
            }
            else if (values.Contains(value))
            {
                errors.Add(new SpecError(itemPath, $"repeats {Format(value)}; each grid value makes a candidate, so list it once"));
                valid = false;
            }
            else
            {
                values.Add(value);
            }
        }

        return valid ? values : null;
    }

    private static double? Value(JsonElement number, TrainerParameter known, string path, List<SpecError> errors)
    {
        var value = number.GetDouble();
        if (value < known.Min || value > known.Max || (known.IsInteger && value != Math.Floor(value)))
        {
            var kind = known.IsInteger ? "a whole number" : "a number";
            errors.Add(new SpecError(path, $"must be {kind} from {Format(known.Min)} to {Format(known.Max)} (was {Format(value)})"));
            return null;
        }

        return value;
    }
}
