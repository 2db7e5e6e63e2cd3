using System.Globalization;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training;

/// <summary>One candidate to train: its id within the run, and the trainer with one value for every parameter (no grid).</summary>
public sealed record PlannedCandidate(string Id, TrainerSpec Trainer);

/// <summary>
/// Expands a spec's trainers into candidates: each trainer's grid is crossed with its fixed parameters.
/// Ids are the trainer name in lower case; when one name yields several candidates (a grid, or the trainer
/// listed twice) they are numbered <c>-1</c>, <c>-2</c>, … in spec order and, within a grid, in grid order
/// (parameters by name, the last one varying fastest) — so a spec without grids keeps the ids it always had.
/// </summary>
public static class CandidatePlan
{
    /// <summary>The most candidates one run may train; the spec parser refuses grids that make more.</summary>
    public const int MaxCandidates = 64;

    public static IReadOnlyList<PlannedCandidate> Expand(PipelineSpec spec) => Expand(spec.Trainers);

    public static IReadOnlyList<PlannedCandidate> Expand(IReadOnlyList<TrainerSpec> trainers)
    {
        var expanded = trainers.SelectMany(Combinations).ToList();
        var totals = expanded
            .GroupBy(t => t.Name.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return
        [
            .. expanded.Select(trainer =>
            {
                var id = trainer.Name.ToLowerInvariant();
                var number = seen[id] = seen.GetValueOrDefault(id) + 1;
                return new PlannedCandidate(totals[id] > 1 ? $"{id}-{number.ToString(CultureInfo.InvariantCulture)}" : id, trainer);
            }),
        ];
    }

    /// <summary>How many candidates a trainer entry makes: the product of its grid's lengths (1 without a grid).</summary>
    public static long Count(TrainerSpec trainer) =>
        trainer.Grid.Values.Aggregate(1L, (product, values) => product * Math.Max(values.Count, 1));

    private static IEnumerable<TrainerSpec> Combinations(TrainerSpec trainer)
    {
        var axes = trainer.Grid.Where(g => g.Value.Count > 0).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (axes.Count == 0)
        {
            yield return trainer with { Grid = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal) };
            yield break;
        }

        var indexes = new int[axes.Count];
        while (true)
        {
            var parameters = new SortedDictionary<string, double>(trainer.Parameters.ToDictionary(), StringComparer.Ordinal);
            for (var i = 0; i < axes.Count; i++)
            {
                parameters[axes[i].Key] = axes[i].Value[indexes[i]];
            }

            yield return new TrainerSpec { Name = trainer.Name, Parameters = parameters };

            // Odometer: the last parameter varies fastest.
            var axis = axes.Count - 1;
            while (axis >= 0 && ++indexes[axis] == axes[axis].Value.Count)
            {
                indexes[axis--] = 0;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }
}
