using Microsoft.ML;

namespace Cd4ml.Core.Training;

/// <summary>
/// Runs a model over rows once. Evaluation reads a scored view several times (the answers, then each evaluator: the
/// binary metrics alone take three passes), and on a lazy view every pass featurizes and scores every row again: on
/// 600,000 holdout rows that made evaluating a tree ensemble cost as much as fitting it. The columns those readers use
/// (label, scores, predicted label, fairness groups) are cached on the first pass; the features are not kept.
/// </summary>
internal static class ScoredColumns
{
    private static readonly string[] s_outputs = ["Score", "Probability", "PredictedLabel"];

    /// <summary>The scored view with the columns evaluation reads cached; values are the same as the lazy view's.</summary>
    public static IDataView Cache(MLContext ml, IDataView scored, IEnumerable<string> sensitiveColumns)
    {
        var wanted = s_outputs
            .Prepend(TrainingData.LabelColumn)
            .Concat(sensitiveColumns.Select(TrainingData.GroupColumn))
            .Where(name => scored.Schema.GetColumnOrNull(name) is not null)
            .ToArray();
        return ml.Data.Cache(scored, wanted);
    }
}
