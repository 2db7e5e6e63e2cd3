using Cd4ml.Core.Specs;
using Microsoft.ML;

namespace Cd4ml.Core.Training;

/// <summary>
/// A hyper-parameter a trainer accepts, with the range that makes sense for it. <see cref="Default"/> is the value
/// used when the spec leaves the parameter out (for SDCA's automatic L2 term, the 0 that docs/training.md shows).
/// </summary>
public sealed record TrainerParameter(string Name, double Min, double Max, bool IsInteger, double Default);

/// <summary>
/// A trainer the spec may name for one task (<see cref="TaskTypes"/>). The name is the same across tasks where
/// the algorithm is (LightGbm, FastTree, FastForest). <see cref="NeedsNormalizedFeatures"/> marks linear trainers:
/// their features are scaled to [0, 1] and the featurized rows cached, since they make many passes.
/// <see cref="Create"/> builds the estimator from the spec's parameters (absent ones take their defaults) and the seed.
/// </summary>
public sealed record TrainerDefinition(
    string Task,
    string Name,
    bool NeedsNormalizedFeatures,
    IReadOnlyList<TrainerParameter> Parameters,
    Func<MLContext, IReadOnlyDictionary<string, double>, int, IEstimator<ITransformer>> Create)
{
    /// <summary>
    /// The trainer copies the rows into its own structure in sequential passes and never reads them shuffled
    /// (FastTree: its binned dataset), so over rows already in memory the featurized-row cache only duplicates them;
    /// <see cref="CandidateTrainer"/> then leaves it out. The model is the same either way (InMemoryLoadingTests).
    /// </summary>
    public bool CopiesRowsItself { get; init; }
}

/// <summary>
/// The trainers a spec may use, per task. Every trainer runs single-threaded with a fixed seed (SDCA shuffles with
/// the seeded context): candidates already run in parallel as separate activities, and only single-threaded ML.NET
/// trainers give identical models for the same data, spec and seed (see docs/training.md, "Determinism").
/// </summary>
public static partial class TrainerCatalog
{
    private static readonly Dictionary<string, TrainerDefinition[]> s_byTask = new(StringComparer.Ordinal)
    {
        [TaskTypes.Binary] = Binary(),
        [TaskTypes.Multiclass] = Multiclass(),
        [TaskTypes.Regression] = Regression(),
    };

    /// <summary>The binary-classification trainers (the default task). Use <see cref="For"/> for the others.</summary>
    public static IReadOnlyList<TrainerDefinition> All => For(TaskTypes.Binary);

    /// <summary>The trainers available for a task, in the order docs and error messages list them; empty for an unknown task.</summary>
    public static IReadOnlyList<TrainerDefinition> For(string task) =>
        s_byTask.TryGetValue(task, out var trainers) ? trainers : [];

    /// <summary>The trainer of that exact (case-sensitive) name for the task, or null.</summary>
    public static TrainerDefinition? Find(string task, string name) =>
        For(task).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The binary-classification trainer of that name, or null.</summary>
    public static TrainerDefinition? Find(string name) => Find(TaskTypes.Binary, name);

    /// <summary>The tasks that offer a trainer of this name, in <see cref="TaskTypes.All"/> order; empty when no task knows it.</summary>
    public static IReadOnlyList<string> TasksOffering(string name) =>
        [.. TaskTypes.All.Where(task => Find(task, name) is not null)];

    // The default comes from the trainer family's parameter table, the one the spec parser and the docs read too.
    private static double Get(IReadOnlyDictionary<string, double> parameters, TrainerParameter[] table, string name) =>
        parameters.TryGetValue(name, out var value) ? value : table.Single(t => t.Name == name).Default;

    private static float? Automatic(IReadOnlyDictionary<string, double> parameters, string name) =>
        parameters.TryGetValue(name, out var value) ? (float)value : null;
}
