using Microsoft.ML.Trainers.FastTree;

namespace Cd4ml.Core.Training;

// The hyper-parameters each family of trainers accepts; the same names and ranges in every task.
public static partial class TrainerCatalog
{
    private static TrainerParameter[] LightGbmParameters() =>
    [
        new("numberOfLeaves", 2, 1024, true, 31),
        new("numberOfIterations", 1, 10_000, true, 100),
        new("learningRate", 1e-4, 1, false, 0.1),
        new("minimumExampleCountPerLeaf", 1, 10_000, true, 20),
    ];

    private static TrainerParameter[] FastTreeParameters() =>
    [
        new("numberOfLeaves", 2, 1024, true, 20),
        new("numberOfTrees", 1, 10_000, true, 100),
        new("learningRate", 1e-4, 1, false, 0.2),
        new("minimumExampleCountPerLeaf", 1, 10_000, true, 10),
    ];

    private static TrainerParameter[] FastForestParameters() =>
    [
        new("numberOfLeaves", 2, 1024, true, 20),
        new("numberOfTrees", 1, 10_000, true, 100),
        new("minimumExampleCountPerLeaf", 1, 10_000, true, 10),
    ];

    // SDCA: the L2 term is chosen from the data when left out (shown as 0 here and in the docs).
    private static TrainerParameter[] SdcaParameters() =>
    [
        new("l2Regularization", 0, 100, false, 0),
        new("maximumNumberOfIterations", 1, 10_000, true, 100),
    ];

    private static TrainerParameter[] LbfgsParameters() =>
    [
        new("l2Regularization", 0, 100, false, 1),
        new("l1Regularization", 0, 100, false, 1),
    ];

    // FastTree and FastForest options share their tree settings in every task; boosted trees also take a learning rate.
    private static T Trees<T>(IReadOnlyDictionary<string, double> p, TrainerParameter[] table, int seed)
        where T : TreeOptions, new()
    {
        var options = new T
        {
            NumberOfLeaves = (int)Get(p, table, "numberOfLeaves"),
            NumberOfTrees = (int)Get(p, table, "numberOfTrees"),
            MinimumExampleCountPerLeaf = (int)Get(p, table, "minimumExampleCountPerLeaf"),
            NumberOfThreads = 1,
            Seed = seed,
        };
        if (options is BoostedTreeOptions boosted)
        {
            boosted.LearningRate = Get(p, table, "learningRate");
        }

        return options;
    }
}
