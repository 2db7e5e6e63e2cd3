using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
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
                NumberOfLeaves = (int)Get(p, LightGbmParameters(), "numberOfLeaves"),
                NumberOfIterations = (int)Get(p, LightGbmParameters(), "numberOfIterations"),
                LearningRate = Get(p, LightGbmParameters(), "learningRate"),
                MinimumExampleCountPerLeaf = (int)Get(p, LightGbmParameters(), "minimumExampleCountPerLeaf"),
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
                // ML.NET turns categorical splits on by itself above 50,000 rows; they export to ONNX as nodes on feature -1,
                // which ONNX Runtime refuses to load. One-hot slots split as numbers instead, at any size (docs/training.md).
                UseCategoricalSplit = false,
            })),
        // ML.NET has no multiclass FastTree or FastForest: one binary model per class, scores calibrated (Platt) and normalised.
        new(TaskTypes.Multiclass, "FastTree", false, FastTreeParameters(),
            (ml, p, seed) => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(Trees<FastTreeBinaryTrainer.Options>(p, FastTreeParameters(), seed)))),
        new(TaskTypes.Multiclass, "FastForest", false, FastForestParameters(),
            (ml, p, seed) => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastForest(Trees<FastForestBinaryTrainer.Options>(p, FastForestParameters(), seed)))),
        new(TaskTypes.Multiclass, "SdcaMaximumEntropy", true, SdcaParameters(),
            (ml, p, _) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = Automatic(p, "l2Regularization"),
                MaximumNumberOfIterations = (int)Get(p, SdcaParameters(), "maximumNumberOfIterations"),
                NumberOfThreads = 1,
                Shuffle = true,
            })),
        new(TaskTypes.Multiclass, "LbfgsMaximumEntropy", true, LbfgsParameters(),
            (ml, p, _) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = (float)Get(p, LbfgsParameters(), "l2Regularization"),
                L1Regularization = (float)Get(p, LbfgsParameters(), "l1Regularization"),
                NumberOfThreads = 1,
            })),
    ];
}
