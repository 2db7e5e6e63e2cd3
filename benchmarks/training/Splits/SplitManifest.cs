using Cd4ml.Core.Training;

namespace Cd4ml.Benchmarks.Training.Splits;

/// <summary>The settings every library trains with: the LightGbm defaults of the trainer catalog.</summary>
internal sealed record HyperParameters(int NumberOfIterations, int NumberOfLeaves, double LearningRate, int MinimumExampleCountPerLeaf, int Seed)
{
    /// <summary>Read from <see cref="TrainerCatalog"/>, so the benchmark trains what a spec without parameters trains.</summary>
    public static HyperParameters FromCatalog(int seed)
    {
        var lightGbm = TrainerCatalog.Find("LightGbm") ?? throw new InvalidOperationException("the trainer catalog has no LightGbm");
        double Default(string name) => lightGbm.Parameters.Single(p => p.Name == name).Default;
        return new((int)Default("numberOfIterations"), (int)Default("numberOfLeaves"), Default("learningRate"),
            (int)Default("minimumExampleCountPerLeaf"), seed);
    }
}

/// <summary>
/// What <c>prepare</c> wrote for one dataset: the train and test files every library reads, how they were made, and
/// the hyper-parameters. The Python side reads this file too, so both sides train on the same rows.
/// </summary>
internal sealed record SplitManifest(
    string Dataset,
    string Source,
    string SourceSha256,
    string LabelRule,
    string SplitRule,
    IReadOnlyList<string> Features,
    IReadOnlyDictionary<string, IReadOnlyList<string>> CategoryCodes,
    string Train,
    string Test,
    int TrainRows,
    int TestRows,
    int TrainPositives,
    int TestPositives,
    HyperParameters HyperParameters)
{
    /// <summary>The label column of the prepared files: 1 for the positive class, 0 otherwise.</summary>
    public const string LabelColumn = "label";

    public const string FileName = "split.json";
}
