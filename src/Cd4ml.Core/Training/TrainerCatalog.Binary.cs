using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Cd4ml.Core.Training;

// Binary classification: the label is mapped to a boolean (true = the positive class).
public static partial class TrainerCatalog
{
    private static TrainerDefinition[] Binary() =>
    [
        new(TaskTypes.Binary, "LightGbm", false, LightGbmParameters(),
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
        new(TaskTypes.Binary, "FastTree", false, FastTreeParameters(),
            (ml, p, seed) => ml.BinaryClassification.Trainers.FastTree(FastTreeBinary(p, seed))),
        new(TaskTypes.Binary, "FastForest", false, FastForestParameters(),
            (ml, p, seed) => ml.BinaryClassification.Trainers.FastForest(FastForestBinary(p, seed))),
        new(TaskTypes.Binary, "SdcaLogisticRegression", true, SdcaParameters(),
            (ml, p, _) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = Automatic(p, "l2Regularization"),
                MaximumNumberOfIterations = (int)Get(p, "maximumNumberOfIterations", 100),
                NumberOfThreads = 1,
                Shuffle = true,
            })),
        new(TaskTypes.Binary, "LbfgsLogisticRegression", true, LbfgsParameters(),
            (ml, p, _) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = (float)Get(p, "l2Regularization", 1),
                L1Regularization = (float)Get(p, "l1Regularization", 1),
                NumberOfThreads = 1,
            })),
    ];

    // Shared with multiclass, where each class gets one of these (one-versus-all).
    private static FastTreeBinaryTrainer.Options FastTreeBinary(IReadOnlyDictionary<string, double> p, int seed) => new()
    {
        NumberOfLeaves = (int)Get(p, "numberOfLeaves", 20),
        NumberOfTrees = (int)Get(p, "numberOfTrees", 100),
        LearningRate = Get(p, "learningRate", 0.2),
        MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 10),
        NumberOfThreads = 1,
        Seed = seed,
    };

    private static FastForestBinaryTrainer.Options FastForestBinary(IReadOnlyDictionary<string, double> p, int seed) => new()
    {
        NumberOfLeaves = (int)Get(p, "numberOfLeaves", 20),
        NumberOfTrees = (int)Get(p, "numberOfTrees", 100),
        MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 10),
        NumberOfThreads = 1,
        Seed = seed,
    };
}
