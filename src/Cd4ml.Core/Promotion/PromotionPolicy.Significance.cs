using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using static Cd4ml.Core.Promotion.GateText;

namespace Cd4ml.Core.Promotion;

// The significance gate: is the improvement over the champion larger than the noise of this holdout?
public static partial class PromotionPolicy
{
    /// <summary>More undefined resamples than this share (tiny or one-sided holdouts) and the interval is not trusted.</summary>
    private const double MaxUndefinedShare = 0.1;

    private static string SignificanceThreshold(SignificanceSpec spec) =>
        $"{Level(spec.Confidence)} CI lower bound > 0 ({Count(spec.Resamples)} paired resamples)";

    private static SignificanceResult? Significance(
        PromotionSpec promotion, Evidence evidence, CandidateEvaluation best, ChampionEvaluation champion, List<GateResult> gates)
    {
        var spec = promotion.Significance;
        var metric = promotion.PrimaryMetric;
        var champ = $"champion v{Count(champion.Version)}";
        var threshold = SignificanceThreshold(spec);

        // Fail closed: an improvement that cannot be told apart from noise does not replace the champion.
        var missing = best.Predictions is null
            ? $"{best.Id} has no holdout predictions"
            : champion.Predictions is null
                ? $"{champ} has no predictions on this holdout (e.g. a model published before predictions were kept)"
                : SameHoldoutProblem(evidence.Task, best.Predictions, champion.Predictions);
        if (missing is not null)
        {
            gates.Add(new GateResult(SignificanceGate, false, "not tested", threshold,
                $"{missing}, so the improvement on {metric} cannot be tested against noise; champion kept"));
            return null;
        }

        var candidateMetric = PredictionMetrics.Prepare(best.Predictions!, metric, promotion.BusinessValue);
        var championMetric = PredictionMetrics.Prepare(champion.Predictions!, metric, promotion.BusinessValue);
        var rows = candidateMetric.Rows;
        var interval = PairedBootstrap.Run(
            candidateMetric, championMetric, MetricCatalog.HigherIsBetter(metric), spec.Resamples, spec.Confidence, evidence.Seed);
        if (!double.IsFinite(interval.Delta))
        {
            gates.Add(new GateResult(SignificanceGate, false, $"{metric} undefined", threshold,
                $"{metric} cannot be computed from the holdout predictions of {best.Id} or {champ} " +
                $"(undefined for this task or these rows), so the improvement cannot be tested; champion kept"));
            return null;
        }

        var result = new SignificanceResult(metric, rows, interval.Delta, Finite(interval.Lower), Finite(interval.Upper),
            spec.Confidence, interval.Resamples, interval.Undefined, evidence.Seed);
        var level = Level(spec.Confidence);
        var observed = $"Δ {F(interval.Delta, signed: true)}, {level} CI [{F(interval.Lower, signed: true)}, {F(interval.Upper, signed: true)}]" +
            (interval.Undefined > 0 ? $" ({Count(interval.Undefined)} of {Count(interval.Resamples)} resamples undefined)" : "");
        if (interval.Undefined > MaxUndefinedShare * interval.Resamples)
        {
            gates.Add(new GateResult(SignificanceGate, false, observed, threshold,
                $"{metric} was undefined on {Count(interval.Undefined)} of {Count(interval.Resamples)} resamples of the {Count(rows)} holdout rows " +
                "(too few rows of a class to judge); champion kept"));
            return result;
        }

        var passed = interval.Lower > 0;
        var source = $"{Count(interval.Resamples)} paired bootstrap resamples of {Count(rows)} holdout rows";
        gates.Add(new GateResult(SignificanceGate, passed, observed, threshold, passed
            ? $"{best.Id}'s improvement on {metric} over {champ} is above the noise: the {level} interval of Δ lies above 0 ({source})"
            : $"{best.Id}'s improvement on {metric} over {champ} is within the noise: the {level} interval of Δ reaches " +
              $"{F(interval.Lower, signed: true)} ({source}); champion kept"));
        return result;
    }

    /// <summary>Why two sets of predictions are not the same holdout rows in the same order, or null.</summary>
    private static string? SameHoldoutProblem(string task, HoldoutPredictions candidate, HoldoutPredictions champion)
    {
        if (candidate.Task != task || champion.Task != task)
        {
            return $"the predictions are for {candidate.Task} and {champion.Task}, not {task}";
        }

        if (candidate.Rows != champion.Rows)
        {
            return $"the candidate's and the champion's predictions cover {Count(candidate.Rows)} and {Count(champion.Rows)} rows, not the same holdout";
        }

        if (candidate.Rows == 0)
        {
            return "the holdout is empty";
        }

        foreach (var (who, p) in new[] { ("candidate", candidate), ("champion", champion) })
        {
            if (p.Predicted.Length != p.Rows || p.Score.Length != p.Rows)
            {
                return $"the {who}'s predictions have {Count(p.Rows)} labels but {Count(p.Predicted.Length)} predictions and {Count(p.Score.Length)} scores";
            }
        }

        if (task == TaskTypes.Multiclass && !candidate.Classes.SequenceEqual(champion.Classes, StringComparer.Ordinal))
        {
            return "the candidate and the champion number the classes differently";
        }

        // Same rows in the same order have the same labels; a mismatch means the pairing would be meaningless.
        for (var i = 0; i < candidate.Rows; i++)
        {
            if (!candidate.Label[i].Equals(champion.Label[i]))
            {
                return $"the candidate's and the champion's predictions disagree on the label of holdout row {Count(i)}, so they are not the same rows";
            }
        }

        return null;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
