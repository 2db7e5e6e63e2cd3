using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Training;

/// <summary>Cross-validation on the training part, and what training a candidate cost.</summary>
public sealed class CrossValidationAndCostTests
{
    private static readonly TrainerSpec s_lightGbm = new() { Name = "LightGbm", Parameters = new Dictionary<string, double> { ["numberOfIterations"] = 30 } };

    [Theory]
    [InlineData(TaskTypes.Binary)]
    [InlineData(TaskTypes.Multiclass)]
    [InlineData(TaskTypes.Regression)]
    public void Cross_validation_reports_every_metric_per_fold_with_mean_and_spread(string task)
    {
        var (path, spec) = TrainingSamples.ForTask(task);

        var trained = TrainingSamples.Train(path, spec, s_lightGbm, folds: 3);

        var cv = Assert.IsType<CrossValidationResult>(trained.CrossValidation);
        Assert.Equal(3, cv.Folds);
        Assert.Equal(3, cv.PerFold.Count);
        foreach (var metric in MetricCatalog.For(task))
        {
            var values = cv.PerFold.Select(f => f[metric]).ToList();
            Assert.All(values, v => Assert.True(double.IsFinite(v), $"{metric} is {v}"));
            Assert.Equal(values.Average(), cv.Mean[metric], 9);
            Assert.InRange(cv.StdDev[metric], 0, values.Max() - values.Min() + 1e-12);
        }

        Assert.True(cv.Seconds > 0);
    }

    [Fact]
    public void Cross_validation_does_not_change_the_final_model_or_its_holdout_metrics()
    {
        var (path, spec) = TrainingSamples.ForTask(TaskTypes.Multiclass);
        var sdca = new TrainerSpec { Name = "SdcaMaximumEntropy" };

        var without = TrainingSamples.Train(path, spec, sdca);
        var with = TrainingSamples.Train(path, spec, sdca, folds: 4);

        Assert.Null(without.CrossValidation);
        Assert.Equal(without.Sha256, with.Sha256);
        Assert.Equal(without.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal), with.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Training_records_its_time_managed_allocations_and_peak_working_set()
    {
        var (path, spec) = TrainingSamples.ForTask(TaskTypes.Regression);

        var trained = TrainingSamples.Train(path, spec, s_lightGbm);

        Assert.True(trained.Cost.Seconds > 0);
        Assert.Equal(trained.Cost.Seconds, trained.TrainingSeconds);
        Assert.InRange(trained.Cost.ManagedBytesAllocated, 100_000, 2_000_000_000); // reading and featurizing 4,000 rows allocates
        Assert.True(trained.Cost.StartWorkingSetBytes > 0);
        Assert.True(trained.Cost.PeakWorkingSetBytes >= trained.Cost.StartWorkingSetBytes);
        Assert.Equal(trained.Cost.PeakWorkingSetBytes - trained.Cost.StartWorkingSetBytes, trained.Cost.WorkingSetGrowthBytes);
    }
}
