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

/// <summary>Runs k-fold cross-validation of one candidate's estimator with the run's seed.</summary>
internal static class CrossValidation
{
    public static CrossValidationResult Run(MLContext ml, TrainingData data, Func<IEstimator<ITransformer>> estimator, int folds, int seed)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var metrics = MetricCatalog.For(data.Task);
        var perFold = new List<IReadOnlyDictionary<string, double>>();
        foreach (var fold in ml.Data.CrossValidationSplit(data.Train, folds, seed: seed))
        {
            var model = estimator().Fit(fold.TrainSet);
            var scored = model.Transform(fold.TestSet);
            perFold.Add(HoldoutEvaluator.Metrics(ml, scored, data.Task, data.Classes).Values);
        }

        var mean = metrics.ToDictionary(m => m, m => perFold.Average(f => f[m]), StringComparer.Ordinal);
        var stdDev = metrics.ToDictionary(m => m, m => StdDev(perFold.Select(f => f[m]).ToList(), mean[m]), StringComparer.Ordinal);
        return new CrossValidationResult(folds, mean, stdDev, perFold, stopwatch.Elapsed.TotalSeconds);
    }

    private static double StdDev(List<double> values, double mean) =>
        values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
}
