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
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 31),
                NumberOfIterations = (int)Get(p, "numberOfIterations", 100),
                LearningRate = Get(p, "learningRate", 0.1),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 20),
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
            })),
        new(TaskTypes.Regression, "FastTree", false, FastTreeParameters(),
            (ml, p, seed) => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 20),
                NumberOfTrees = (int)Get(p, "numberOfTrees", 100),
                LearningRate = Get(p, "learningRate", 0.2),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 10),
                NumberOfThreads = 1,
                Seed = seed,
            })),
        new(TaskTypes.Regression, "FastForest", false, FastForestParameters(),
            (ml, p, seed) => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
            {
                NumberOfLeaves = (int)Get(p, "numberOfLeaves", 20),
                NumberOfTrees = (int)Get(p, "numberOfTrees", 100),
                MinimumExampleCountPerLeaf = (int)Get(p, "minimumExampleCountPerLeaf", 10),
                NumberOfThreads = 1,
                Seed = seed,
            })),
        new(TaskTypes.Regression, "Sdca", true, SdcaParameters(),
            (ml, p, _) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                L2Regularization = Automatic(p, "l2Regularization"),
                MaximumNumberOfIterations = (int)Get(p, "maximumNumberOfIterations", 100),
                NumberOfThreads = 1,
                Shuffle = true,
            })),
        new(TaskTypes.Regression, "LbfgsPoissonRegression", true, LbfgsParameters(),
            (ml, p, _) => ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
            {
                L2Regularization = (float)Get(p, "l2Regularization", 1),
                L1Regularization = (float)Get(p, "l1Regularization", 1),
                NumberOfThreads = 1,
            })),
    ];
}
