namespace Cd4ml.Core.Specs;

/// <summary>
/// A budgeted hyper-parameter search over the spec's trainers (the top-level <c>search</c> setting). Instead of training
/// every grid point at full size, <see cref="MaxCandidates"/> seeded configurations are sampled and narrowed by
/// successive halving (docs/training.md, "Hyper-parameter search"). Null in a spec without <c>search</c>, which keeps
/// its candidates, ids and hash.
/// </summary>
public sealed record SearchSpec
{
    /// <summary>The only strategy so far: rungs of growing budget, each keeping the best 1/<see cref="Eta"/>.</summary>
    public const string SuccessiveHalving = "successive-halving";

    public const int MinCandidates = 2;

    /// <summary>The most configurations rung 0 may train: every one is an activity.</summary>
    public const int MaxCandidatesLimit = 243;

    public const int MinEta = 2;

    public const int MaxEta = 10;

    public string Strategy { get; init; } = SuccessiveHalving;

    /// <summary>How many configurations are sampled and trained in rung 0.</summary>
    public int MaxCandidates { get; init; } = 27;

    /// <summary>The halving factor: each rung keeps the best 1/eta and gives them eta times the budget.</summary>
    public int Eta { get; init; } = 3;

    /// <summary>Seeds the sampling of configurations and the rows of each budget; the spec's <c>seed</c> when left out.</summary>
    public int Seed { get; init; }
}

/// <summary>The values of <see cref="ParameterRange.Scale"/>.</summary>
public static class RangeScales
{
    public const string Linear = "linear";

    /// <summary>Uniform in the logarithm: as many draws between 8 and 16 as between 128 and 256.</summary>
    public const string Log = "log";
}

/// <summary>A searched parameter's interval (<c>{"min": 8, "max": 256, "scale": "log"}</c>); bounds are inclusive.</summary>
public sealed record ParameterRange(double Min, double Max, string Scale);
