using System.Text.Json;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Specs.Parsing;

// The budgeted hyper-parameter search (top-level "search") and the parameter ranges it samples from.
public static partial class PipelineSpecParser
{
    private static readonly string[] s_searchSettings = ["strategy", "maxCandidates", "eta", "seed"];

    private static SearchSpec? Search(JsonElement root, double specSeed, List<SpecError> errors)
    {
        if (!root.TryGetProperty("search", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SpecError("$.search", "must be an object like {\"strategy\": \"successive-halving\", \"maxCandidates\": 27, \"eta\": 3}"));
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!s_searchSettings.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new SpecError($"$.search.{property.Name}", $"unknown setting; search has {string.Join(", ", s_searchSettings.Select(s => $"'{s}'"))}"));
            }
        }

        var defaults = new SearchSpec();
        var strategy = OptionalString(element, "strategy", errors, "$.search") ?? defaults.Strategy;
        if (strategy != SearchSpec.SuccessiveHalving)
        {
            errors.Add(new SpecError("$.search.strategy", $"unknown strategy '{strategy}'; supported: {SearchSpec.SuccessiveHalving}"));
        }

        var maxCandidates = WholeNumber(element, "maxCandidates", SearchSpec.MinCandidates, SearchSpec.MaxCandidatesLimit, defaults.MaxCandidates, errors);
        var eta = WholeNumber(element, "eta", SearchSpec.MinEta, SearchSpec.MaxEta, defaults.Eta, errors);
        var seed = WholeNumber(element, "seed", 0, int.MaxValue, specSeed is >= 0 and <= int.MaxValue ? (int)specSeed : PipelineSpec.DefaultSeed, errors);
        // Rung 0 must hold at least eta configurations, or the first halving would keep none.
        if (eta > maxCandidates)
        {
            errors.Add(new SpecError("$.search.maxCandidates", $"must be at least eta ({eta}) so that one rung can halve (was {maxCandidates})"));
        }

        return new SearchSpec { Strategy = strategy, MaxCandidates = maxCandidates, Eta = eta, Seed = seed };
    }

    private static int WholeNumber(JsonElement parent, string name, int min, int max, int fallback, List<SpecError> errors)
    {
        if (OptionalNumber(parent, name, errors, "$.search") is not { } value)
        {
            return fallback;
        }

        if (value < min || value > max || value != Math.Floor(value))
        {
            errors.Add(new SpecError($"$.search.{name}", $"must be a whole number from {min} to {Format(max)} (was {Format(value)})"));
            return fallback;
        }

        return (int)value;
    }

    // {"min": 8, "max": 256, "scale": "log"}: both bounds inside the parameter's own range, min < max, a log scale above 0.
    private static ParameterRange? Range(JsonElement range, TrainerParameter known, string path, bool searching, List<SpecError> errors)
    {
        if (!searching)
        {
            errors.Add(new SpecError(path, "a range is sampled only by a search; add \"search\": {\"strategy\": \"successive-halving\"} or give a number or a list"));
            return null;
        }

        var valid = true;
        foreach (var property in range.EnumerateObject())
        {
            if (property.Name is not ("min" or "max" or "scale"))
            {
                errors.Add(new SpecError($"{path}.{property.Name}", "unknown setting; a range has 'min', 'max' and 'scale'"));
                valid = false;
            }
        }

        double? Bound(string name)
        {
            if (!range.TryGetProperty(name, out var bound))
            {
                errors.Add(new SpecError($"{path}.{name}", "required: a range has both 'min' and 'max'"));
                return null;
            }

            if (bound.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new SpecError($"{path}.{name}", "must be a number"));
                return null;
            }

            return Value(bound, known, $"{path}.{name}", errors);
        }

        var min = Bound("min");
        var max = Bound("max");
        var scale = OptionalString(range, "scale", errors, path) ?? RangeScales.Linear;
        if (scale is not (RangeScales.Linear or RangeScales.Log))
        {
            errors.Add(new SpecError($"{path}.scale", $"must be '{RangeScales.Linear}' or '{RangeScales.Log}' (was '{scale}')"));
            valid = false;
        }

        if (min is not { } low || max is not { } high || !valid)
        {
            return null;
        }

        if (low >= high)
        {
            errors.Add(new SpecError(path, $"min ({Format(low)}) must be less than max ({Format(high)})"));
            return null;
        }

        if (scale == RangeScales.Log && low <= 0)
        {
            errors.Add(new SpecError($"{path}.min", $"a log scale needs min above 0 (was {Format(low)})"));
            return null;
        }

        return new ParameterRange(low, high, scale);
    }
}
