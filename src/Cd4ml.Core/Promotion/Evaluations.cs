using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Core.Promotion;

/// <summary>
/// A candidate as the policy judges it: its holdout metrics by name (<see cref="MetricCatalog"/>; NaN or missing
/// when undefined), the problem that stopped its training or evaluation (such a candidate never wins), and, for
/// the significance and fairness gates, its answer for every holdout row in holdout order (null when not kept).
/// </summary>
public sealed record CandidateEvaluation(
    string Id, IReadOnlyDictionary<string, double> Metrics, string? Problem = null, HoldoutPredictions? Predictions = null)
{
    /// <summary>Its metrics on validation rows of the training part, which the winner is picked on when several compete.</summary>
    public SelectionEvidence? Selection { get; init; }
}

/// <summary>
/// The current champion scored on this run's holdout (the same rows, in the same order, as the candidates).
/// Predictions are null for a champion that cannot produce them; the significance gate then fails closed.
/// </summary>
public sealed record ChampionEvaluation(
    int Version, IReadOnlyDictionary<string, double> Metrics, string? Problem = null, HoldoutPredictions? Predictions = null);
