using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Training;

/// <summary>
/// Every trainer of every task, on a real sample (penguins, diamonds, breast cancer): sensible metrics, and the
/// same metrics, predictions and model bytes when trained again from scratch.
/// </summary>
public sealed class TaskTrainingTests
{
    public static TheoryData<string, string> Trainers()
    {
        var data = new TheoryData<string, string>();
        foreach (var task in TaskTypes.All)
        {
            foreach (var trainer in TrainerCatalog.For(task))
            {
                data.Add(task, trainer.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Every_trainer_learns_its_task_and_retrains_to_the_same_model(string task, string trainer)
    {
        var (path, spec) = TrainingSamples.ForTask(task);

        var first = TrainingSamples.Train(path, spec, new TrainerSpec { Name = trainer });
        var second = TrainingSamples.Train(path, spec, new TrainerSpec { Name = trainer });

        Assert.Null(first.Metrics.Problem);
        Assert.Equal(MetricCatalog.For(task).Order(StringComparer.Ordinal), first.Metrics.Values.Keys.Order(StringComparer.Ordinal));
        AssertSensible(task, trainer, first.Metrics);
        Assert.Equal(first.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal), second.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal));
        Assert.Equal(first.Predictions.Score, second.Predictions.Score);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    private static void AssertSensible(string task, string trainer, HoldoutMetrics metrics)
    {
        switch (task)
        {
            case TaskTypes.Multiclass:
                Assert.InRange(metrics[MetricCatalog.MacroAccuracy], 0.9, 1.0);
                Assert.InRange(metrics[MetricCatalog.MicroAccuracy], 0.9, 1.0);
                Assert.InRange(metrics[MetricCatalog.LogLoss], 0, 1.0);
                Assert.InRange(metrics[MetricCatalog.LogLossReduction], 0.2, 1.0);
                break;
            case TaskTypes.Regression:
                Assert.InRange(metrics[MetricCatalog.RSquared], 0.8, 1.0);
                Assert.InRange(metrics[MetricCatalog.Rmse], 1, 2_000); // dollars; prices run from 326 to 18,791
                Assert.InRange(metrics[MetricCatalog.Mae], 1, metrics[MetricCatalog.Rmse]);
                break;
            default:
                Assert.InRange(metrics[BinaryMetricNames.Auc], 0.95, 1.0);
                Assert.InRange(metrics[BinaryMetricNames.Accuracy], 0.9, 1.0);
                Assert.InRange(metrics[BinaryMetricNames.F1], 0.85, 1.0);
                Assert.InRange(metrics[BinaryMetricNames.Auprc], 0.9, 1.0);
                if (trainer != "FastForest")
                {
                    Assert.InRange(metrics[BinaryMetricNames.LogLoss], 0, 0.5);
                }

                break;
        }
    }
}
