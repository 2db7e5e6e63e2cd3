namespace Cd4ml.Core.Training.Search;

/// <summary>
/// What a configuration may spend in one rung of a search: <see cref="Share"/> of the training part's rows, a seeded
/// subsample that every configuration of the rung shares. The holdout is never cut.
/// </summary>
public sealed record SearchBudget(int Rung, double Share)
{
    /// <summary>
    /// The seed of the rows subsample: derived from the search seed rather than equal to the run's seed, which already
    /// draws the holdout and the inner validation split, so the three draws are not the same random stream.
    /// </summary>
    public static int RowSeed(int searchSeed) => searchSeed ^ 0x5EED;
}
