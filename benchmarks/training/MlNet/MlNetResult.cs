namespace Cd4ml.Benchmarks.Training.MlNet;

/// <summary>
/// ML.NET LightGbm on one split at one thread count. Times are seconds, one entry per repetition.
/// <list type="bullet">
/// <item><c>EndToEnd</c>: CSV file to trained model the way a candidate trains (the loader is lazy, as in <c>TrainingData</c>).</item>
/// <item><c>EndToEndCached</c>: the same with the loaded rows cached on their first pass (one extra call).</item>
/// <item><c>Training</c>: featurizer and trainer fitted on rows already in memory, as <c>CandidateTrainer</c> times it.</item>
/// </list>
/// </summary>
internal sealed record MlNetResult(
    string Dataset,
    int Threads,
    string Trainer,
    IReadOnlyList<double> EndToEnd,
    IReadOnlyList<double> EndToEndCached,
    IReadOnlyList<double> Training,
    double InMemoryLoad,
    double EvaluatorAuc,
    int TestRows,
    string Scores,
    string NativeLibrary,
    string Runtime);
