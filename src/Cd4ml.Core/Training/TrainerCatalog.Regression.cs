using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Cd4ml.Core.Training;

// Regression: the label is read as a single-precision number; rows without one are left out.
public static partial class TrainerCatalog
{
    private static TrainerDefinition[] Regression() =>
    [
        new(TaskTypes.Regression, "LightGbm", false, LightGbmParameters(),
            (ml, p, seed) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
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
        new(TaskTypes.Regression, "FastTree", false, FastTreeParameters(),
            (ml, p, seed) => ml.Regression.Trainers.FastTree(Trees<FastTreeRegressionTrainer.Options>(p, FastTreeParameters(), seed)))
        {
            CopiesRowsItself = true,
        },
        new(TaskTypes.Regression, "FastForest", false, FastForestParameters(),
            (ml, p, seed) => ml.Regression.Trainers.FastForest(Trees<FastForestRegressionTrainer.Options>(p, FastForestParameters(), seed))),
        new(TaskTypes.Regression, "Sdca", true, SdcaParameters(),
            (ml, p, _) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                L2Regularization = Automatic(p, "l2Regularization"),
                MaximumNumberOfIterations = (int)Get(p, SdcaParameters(), "maximumNumberOfIterations"),
                NumberOfThreads = 1,
                Shuffle = true,
            })),
        new(TaskTypes.Regression, "LbfgsPoissonRegression", true, LbfgsParameters(),
            (ml, p, _) => ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
            {
                L2Regularization = (float)Get(p, LbfgsParameters(), "l2Regularization"),
                L1Regularization = (float)Get(p, LbfgsParameters(), "l1Regularization"),
                NumberOfThreads = 1,
            })),
    ];
}
