using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Cd4ml.Core.Training;

/// <summary>A hyper-parameter a trainer accepts, with the range that makes sense for it.</summary>
public sealed record TrainerParameter(string Name, double Min, double Max, bool IsInteger, double Default);

/// <summary>A binary-classification trainer the spec may name.</summary>
public sealed record TrainerDefinition(
    string Name,
    bool NeedsNormalizedFeatures,
    IReadOnlyList<TrainerParameter> Parameters,
    Func<MLContext, IReadOnlyDictionary<string, double>, int, IEstimator<ITransformer>> Create);

/// <summary>
/// The trainers a spec may use. Every trainer runs single-threaded: candidates already run in parallel
/// as separate activities, and single-threaded ML.NET trainers give identical results for the same seed.
/// </summary>
public static class TrainerCatalog
{
    private static readonly TrainerDefinition[] s_all =
    [
        new("LightGbm", false,
            [
                new("numberOfLeaves", 2, 1024, true, 31),
                new("numberOfIterations", 1, 10_000, true, 100),
                new("learningRate", 1e-4, 1, false, 0.1),
                new("minimumExampleCountPerLeaf", 1, 10_000, true, 20),
            ],
            (ml, p, seed) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 31),
                NumberOfIterations = (int)Get(p, "numberOfIterations", 100),
                LearningRate = Get(p, "learningRate", 0.1),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 20),
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
            })),
        new("FastTree", false,
            [
                new("numberOfLeaves", 2, 1024, true, 20),
                new("numberOfTrees", 1, 10_000, true, 100),
                new("learningRate", 1e-4, 1, false, 0.2),
                new("minimumExampleCountPerLeaf", 1, 10_000, true, 10),
            ],
            (ml, p, seed) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 20),
                NumberOfTrees = (int)Get(p, "numberOfTrees", 100),
                LearningRate = Get(p, "learningRate", 0.2),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 10),
                NumberOfThreads = 1,
                Seed = seed,
            })),
        new("FastForest", false,
            [
                new("numberOfLeaves", 2, 1024, true, 20),
                new("numberOfTrees", 1, 10_000, true, 100),
                new("minimumExampleCountPerLeaf", 1, 10_000, true, 10),
            ],
            (ml, p, seed) => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            {
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 20),
                NumberOfTrees = (int)Get(p, "numberOfTrees", 100),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 10),
                NumberOfThreads = 1,
                Seed = seed,
            })),
        new("SdcaLogisticRegression", true,
            [
                new("l2Regularization", 0, 100, false, 0),
                new("maximumNumberOfIterations", 1, 10_000, true, 100),
            ],
            (ml, p, seed) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = p.TryGetValue("l2Regularization", out var l2) ? (float)l2 : null,
                MaximumNumberOfIterations = (int)Get(p, "maximumNumberOfIterations", 100),
                NumberOfThreads = 1,
                Shuffle = false,
            })),
        new("LbfgsLogisticRegression", true,
            [
                new("l2Regularization", 0, 100, false, 1),
                new("l1Regularization", 0, 100, false, 1),
            ],
            (ml, p, _) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = (float)Get(p, "l2Regularization", 1),
                L1Regularization = (float)Get(p, "l1Regularization", 1),
                NumberOfThreads = 1,
            })),
    ];

    public static IReadOnlyList<TrainerDefinition> All => s_all;

    public static TrainerDefinition? Find(string name) =>
        s_all.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    private static double Get(IReadOnlyDictionary<string, double> parameters, string name, double fallback) =>
        parameters.TryGetValue(name, out var value) ? value : fallback;
}
