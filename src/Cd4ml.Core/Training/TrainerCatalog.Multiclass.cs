using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Cd4ml.Core.Training;

// Multiclass classification: the label is a key over the classes in ordinal (sorted) order.
public static partial class TrainerCatalog
{
    private static TrainerDefinition[] Multiclass() =>
    [
        new(TaskTypes.Multiclass, "LightGbm", false, LightGbmParameters(),
            (ml, p, seed) => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 31),
                NumberOfIterations = (int)Get(p, "numberOfIterations", 100),
                LearningRate = Get(p, "learningRate", 0.1),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 20),
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
            })),
        // ML.NET has no multiclass FastTree or FastForest: one binary model per class, scores calibrated (Platt) and normalised.
        new(TaskTypes.Multiclass, "FastTree", false, FastTreeParameters(),
            (ml, p, seed) => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(FastTreeBinary(p, seed)))),
        new(TaskTypes.Multiclass, "FastForest", false, FastForestParameters(),
            (ml, p, seed) => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastForest(FastForestBinary(p, seed)))),
        new(TaskTypes.Multiclass, "SdcaMaximumEntropy", true, SdcaParameters(),
            (ml, p, _) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = Automatic(p, "l2Regularization"),
                MaximumNumberOfIterations = (int)Get(p, "maximumNumberOfIterations", 100),
                NumberOfThreads = 1,
                Shuffle = true,
            })),
        new(TaskTypes.Multiclass, "LbfgsMaximumEntropy", true, LbfgsParameters(),
            (ml, p, _) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = (float)Get(p, "l2Regularization", 1),
                L1Regularization = (float)Get(p, "l1Regularization", 1),
                NumberOfThreads = 1,
            })),
    ];
}
