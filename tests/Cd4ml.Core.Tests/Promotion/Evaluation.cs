using Cd4ml.Core.Promotion;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>Candidate and champion evaluations for the policy tests: from predictions, or from metrics alone.</summary>
internal static class Evaluation
{
    /// <summary>A candidate whose metrics are computed from its predictions, as training records them.</summary>
    public static CandidateEvaluation Of(string id, HoldoutPredictions predictions) => new(id, MetricsOf(predictions), Predictions: predictions);

    public static ChampionEvaluation Champion(int version, HoldoutPredictions predictions) => new(version, MetricsOf(predictions), Predictions: predictions);

    public static CandidateEvaluation Scores(string id, params (string Metric, double Value)[] metrics) => new(id, ToDictionary(metrics));

    public static ChampionEvaluation ChampionScores(int version, params (string Metric, double Value)[] metrics) => new(version, ToDictionary(metrics));

    private static Dictionary<string, double> MetricsOf(HoldoutPredictions p) =>
        MetricCatalog.For(p.Task).ToDictionary(m => m, m => PredictionMetrics.Compute(p, m), StringComparer.Ordinal);

    private static Dictionary<string, double> ToDictionary((string Metric, double Value)[] metrics) =>
        metrics.ToDictionary(m => m.Metric, m => m.Value, StringComparer.Ordinal);
}
