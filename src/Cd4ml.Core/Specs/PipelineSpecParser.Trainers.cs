using System.Text.Json;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs;

// The task, trainers, hyper-parameter grids and cross-validation of a spec.
public static partial class PipelineSpecParser
{
    private static int CrossValidation(JsonElement root, List<SpecError> errors)
    {
        _ = root;
        _ = errors;
        return 0;
    }

    private static List<TrainerSpec> Trainers(JsonElement root, string task, List<SpecError> errors)
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
}
