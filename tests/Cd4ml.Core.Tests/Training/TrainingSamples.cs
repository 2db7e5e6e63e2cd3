using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Microsoft.ML;

namespace Cd4ml.Core.Tests.Training;

/// <summary>The real sample datasets in samples/ and specs for them, loaded as a run loads them: a fresh MLContext per candidate.</summary>
internal static class TrainingSamples
{
    public static string Penguins => RepoRoot.Combine("samples", "penguins", "penguins.csv");

    public static string Diamonds => RepoRoot.Combine("samples", "diamonds", "diamonds-sample.csv");

    public static string TelcoChurn => RepoRoot.Combine("samples", "telco-churn", "telco-churn.csv");

    public static string BreastCancer => RepoRoot.Combine("samples", "breast-cancer", "breast-cancer.csv");

    public static PipelineSpec PenguinsSpec { get; } = Spec(TaskTypes.Multiclass, "species");

    public static PipelineSpec DiamondsSpec { get; } = Spec(TaskTypes.Regression, "price");

    public static PipelineSpec BreastCancerSpec { get; } = Spec(TaskTypes.Binary, "diagnosis") with { PositiveClass = "malignant" };

    public static PipelineSpec TelcoSpec { get; } = Spec(TaskTypes.Binary, "churn") with
    {
        PositiveClass = "Yes",
        Promotion = new PromotionSpec { PrimaryMetric = "auc", Fairness = new FairnessSpec { Columns = ["female", "senior_citizen"] } },
    };

    /// <summary>The sample and spec each task is tested on.</summary>
    public static (string Path, PipelineSpec Spec) ForTask(string task) => task switch
    {
        TaskTypes.Multiclass => (Penguins, PenguinsSpec),
        TaskTypes.Regression => (Diamonds, DiamondsSpec),
        _ => (BreastCancer, BreastCancerSpec),
    };

    public static PipelineSpec Spec(string task, string label) => new()
    {
        Name = "sample",
        Task = task,
        Label = label,
        TestFraction = 0.25,
        Seed = 42,
        Trainers = [.. TrainerCatalog.For(task).Select(t => new TrainerSpec { Name = t.Name })],
        Promotion = new PromotionSpec { PrimaryMetric = MetricCatalog.DefaultPrimary(task) },
    };

    /// <summary>Loads like a training activity: the profile's feature plan and label values, and a fresh context seeded by the spec.</summary>
    public static (MLContext Ml, TrainingData Data) Load(string path, PipelineSpec spec)
    {
        var ml = new MLContext(spec.Seed);
        return (ml, TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec));
    }

    public static TrainedCandidate Train(string path, PipelineSpec spec, TrainerSpec trainer, int folds = 0)
    {
        var (ml, data) = Load(path, spec);
        return CandidateTrainer.Train(ml, data, trainer, spec.Seed, folds);
    }
}
