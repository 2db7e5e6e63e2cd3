namespace Cd4ml.Core.Reports;

/// <summary>
/// How a run's search went (<c>search</c> in the spec): every rung with its budget, and every configuration it trained with
/// its selection metric and whether it went on. The final rung's configurations are the run's candidates.
/// </summary>
public sealed record SearchReport(
    string Strategy,
    int Seed,
    int Eta,
    int MaxCandidates,
    string Metric,
    IReadOnlyList<SearchRung> Rungs);

/// <summary>One rung: the share of the training rows each configuration was trained on, and the configurations.</summary>
public sealed record SearchRung(int Index, double Budget, IReadOnlyList<SearchTrial> Trials)
{
    /// <summary>How many of its configurations went on (to the next rung, or, in the last rung, to compete with the champion).</summary>
    public int Survivors => Trials.Count(t => t.Survived);
}

/// <summary>
/// One configuration trained in a rung: its parameters (before the budget), the selection metric on validation rows of
/// the (cut) training part, never the holdout, and whether it survived the rung.
/// </summary>
public sealed record SearchTrial(
    string Id,
    string Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    double? Selection,
    string? SelectionSource,
    bool Survived,
    double TrainingSeconds,
    string? Problem);
