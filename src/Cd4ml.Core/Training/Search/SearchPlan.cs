using System.Globalization;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Training.Search;

/// <summary>One rung of successive halving: how many configurations it trains, and the share of the training rows each gets.</summary>
public sealed record RungPlan(int Index, int Size, double Budget)
{
    /// <summary>The last rung trains at the full budget; its configurations are the run's candidates.</summary>
    public bool IsFinal => Budget >= 1;
}

/// <summary>
/// The configurations a search trains and the rungs it trains them in, computed from the spec alone (pure and seeded),
/// so the orchestration replays the same plan and the same spec always searches the same configurations.
/// </summary>
public sealed record SearchPlan(IReadOnlyList<PlannedCandidate> Configurations, IReadOnlyList<RungPlan> Rungs)
{
    // Draws that only repeat an earlier configuration (a small space: few grid values, fixed parameters) are given up
    // after this many per wanted configuration, so the plan may hold fewer than maxCandidates distinct ones.
    private const int DrawsPerConfiguration = 20;

    /// <summary>
    /// Samples <see cref="SearchSpec.MaxCandidates"/> distinct configurations: trainer entries in turn (spec order),
    /// each list parameter one of its values, each range a value uniform on its scale (whole parameters rounded,
    /// others kept to 4 significant digits), fixed parameters as given. Ids are <c>{trainer}-s{n}</c> in draw order.
    /// </summary>
    public static SearchPlan For(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var search = spec.Search ?? throw new ArgumentException("the spec has no search", nameof(spec));
        var random = new SeededRandom(search.Seed);
        var sampled = new List<TrainerSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var draw = 0; sampled.Count < search.MaxCandidates && draw < search.MaxCandidates * DrawsPerConfiguration; draw++)
        {
            var entry = spec.Trainers[draw % spec.Trainers.Count];
            var definition = TrainerCatalog.Find(spec.Task, entry.Name)
                ?? throw new ArgumentException($"trainer '{entry.Name}' is not available for {spec.Task}", nameof(spec));
            var configuration = Sample(entry, definition, random);
            if (seen.Add(Key(configuration)))
            {
                sampled.Add(configuration);
            }
        }

        var width = sampled.Count.ToString(CultureInfo.InvariantCulture).Length;
        var configurations = sampled
            .Select((t, i) => new PlannedCandidate($"{t.Name.ToLowerInvariant()}-s{(i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}", t))
            .ToList();
        return new SearchPlan(configurations, RungsFor(configurations.Count, search.Eta));
    }

    /// <summary>
    /// Rungs for <paramref name="count"/> configurations: with s the largest whole number where eta^s ≤ count, rung k
    /// trains ⌊count / eta^k⌋ configurations on eta^(k−s) of the training rows, so the last rung (k = s) trains at full size.
    /// </summary>
    public static IReadOnlyList<RungPlan> RungsFor(int count, int eta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        var last = 0;
        for (var power = (long)eta; power <= count; power *= eta)
        {
            last++;
        }

        return
        [
            .. Enumerable.Range(0, last + 1).Select(k => new RungPlan(k, (int)(count / (long)Math.Pow(eta, k)), Math.Pow(eta, k - last))),
        ];
    }

    private static TrainerSpec Sample(TrainerSpec entry, TrainerDefinition definition, SeededRandom random)
    {
        var parameters = new SortedDictionary<string, double>(entry.Parameters.ToDictionary(), StringComparer.Ordinal);
        // Name order, so the draws a configuration uses do not depend on how the spec file orders its parameters.
        foreach (var (name, values) in entry.Grid.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            parameters[name] = values[random.Next(values.Count)];
        }

        foreach (var (name, range) in (entry.Ranges ?? new Dictionary<string, ParameterRange>()).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var known = definition.Parameters.Single(p => p.Name == name);
            parameters[name] = Draw(range, known.IsInteger, random.NextDouble());
        }

        return new TrainerSpec { Name = entry.Name, Parameters = parameters };
    }

    internal static double Draw(ParameterRange range, bool isInteger, double uniform)
    {
        var value = range.Scale == RangeScales.Log
            ? Math.Exp(Math.Log(range.Min) + (uniform * (Math.Log(range.Max) - Math.Log(range.Min))))
            : range.Min + (uniform * (range.Max - range.Min));
        if (isInteger)
        {
            return Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), Math.Ceiling(range.Min), Math.Floor(range.Max));
        }

        // Four significant digits: a report reads 0.0731, not 0.07314159265; the search loses nothing by it.
        var rounded = double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Math.Clamp(rounded, range.Min, range.Max);
    }

    private static string Key(TrainerSpec trainer) =>
        trainer.Name + string.Concat(trainer.Parameters.Select(p => FormattableString.Invariant($";{p.Key}={p.Value:R}")));
}
