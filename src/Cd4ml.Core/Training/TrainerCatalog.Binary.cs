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
        new(TaskTypes.Binary, "FastTree", false, FastTreeParameters(),
            (ml, p, seed) => ml.BinaryClassification.Trainers.FastTree(Trees<FastTreeBinaryTrainer.Options>(p, FastTreeParameters(), seed)))
        {
            CopiesRowsItself = true,
        },
        new(TaskTypes.Binary, "FastForest", false, FastForestParameters(),
            (ml, p, seed) => ml.BinaryClassification.Trainers.FastForest(Trees<FastForestBinaryTrainer.Options>(p, FastForestParameters(), seed))),
        new(TaskTypes.Binary, "SdcaLogisticRegression", true, SdcaParameters(),
            (ml, p, _) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = Automatic(p, "l2Regularization"),
                MaximumNumberOfIterations = (int)Get(p, SdcaParameters(), "maximumNumberOfIterations"),
                NumberOfThreads = 1,
                Shuffle = true,
            })),
        new(TaskTypes.Binary, "LbfgsLogisticRegression", true, LbfgsParameters(),
            (ml, p, _) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                L2Regularization = (float)Get(p, LbfgsParameters(), "l2Regularization"),
                L1Regularization = (float)Get(p, LbfgsParameters(), "l1Regularization"),
                NumberOfThreads = 1,
            })),
    ];
}
