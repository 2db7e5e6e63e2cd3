using Cd4ml.Core.Specs;
using Cd4ml.Core.Training.Decisions;
using Microsoft.ML;

namespace Cd4ml.Core.Training;

/// <summary>
/// k-fold cross-validation on the training part (never the holdout): every metric of the task per fold, and
/// its mean and sample standard deviation over the folds (NaN when a fold's metric is undefined).
/// </summary>
public sealed record CrossValidationResult(
    int Folds,
    IReadOnlyDictionary<string, double> Mean,
    IReadOnlyDictionary<string, double> StdDev,
    IReadOnlyList<IReadOnlyDictionary<string, double>> PerFold,
    double Seconds);

/// <summary>
/// Runs k-fold cross-validation of one candidate's estimator with the run's seed; for a binary task it also keeps
/// every training row's out-of-fold score, which the decision threshold is chosen on.
/// </summary>
internal static class CrossValidation
{
    public static (CrossValidationResult Result, ValidationScores? OutOfFold) Run(MLContext ml, TrainingData data, Func<IEstimator<ITransformer>> estimator, int folds, int seed)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var perFold = new List<IReadOnlyDictionary<string, double>>();
        var outOfFold = new List<ValidationScores>();
        foreach (var fold in ml.Data.CrossValidationSplit(data.Train, folds, seed: seed))
        {
            var model = estimator().Fit(fold.TrainSet);
            var scored = ScoredColumns.Cache(ml, model.Transform(fold.TestSet), []);
            perFold.Add(HoldoutEvaluator.Metrics(ml, scored, data.Task, data.Classes, data.BusinessValue).Values);
            if (data.Task == TaskTypes.Binary)
            {
                outOfFold.Add(ValidationScores.Read(scored));
            }
        }

        var metrics = perFold[0].Keys.Where(k => perFold.All(f => f.ContainsKey(k))).ToList();

        var mean = metrics.ToDictionary(m => m, m => perFold.Average(f => f[m]), StringComparer.Ordinal);
        var stdDev = metrics.ToDictionary(m => m, m => StdDev(perFold.Select(f => f[m]).ToList(), mean[m]), StringComparer.Ordinal);
        return (new CrossValidationResult(folds, mean, stdDev, perFold, stopwatch.Elapsed.TotalSeconds),
            outOfFold.Count == 0 ? null : ValidationScores.Concat(outOfFold));
    }

    private static double StdDev(List<double> values, double mean) =>
        values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
}
