namespace Cd4ml.Benchmarks.Training.MlNet;

/// <summary>
/// ML.NET LightGbm on one split at one thread count. Times are seconds, one entry per repetition.
/// <list type="bullet">
/// <item><c>EndToEnd</c>: CSV file to trained model the way a candidate trains (the loader is lazy, as in <c>TrainingData</c>).</item>
/// <item><c>EndToEndCached</c>: the same with the loaded rows cached on their first pass (one extra call).</item>
/// <item><c>Training</c>: featurizer and trainer fitted on rows already in memory, as <c>CandidateTrainer</c> times it.</item>
/// <item><c>EndToEndReadIntoMemory</c>: CSV file to trained model the way a candidate trains now: the file read once with
/// Sep into typed arrays (<c>SnapshotColumns</c>), then the same featurizer, row cache and trainer.</item>
/// </list>
/// The <c>…Cpu</c> lists are the process's CPU seconds over the same intervals: on a shared machine, wall time far above
/// CPU time ÷ threads means the run waited for a core.
/// </summary>
internal sealed record MlNetResult(
    string Dataset,
    int Threads,
    string Trainer,
    IReadOnlyList<double> EndToEnd,
    IReadOnlyList<double> EndToEndCached,
    IReadOnlyList<double> Training,
    IReadOnlyList<double> EndToEndCpu,
    IReadOnlyList<double> EndToEndCachedCpu,
    IReadOnlyList<double> TrainingCpu,
    double InMemoryLoad,
    double EvaluatorAuc,
    int TestRows,
    string Scores,
    string NativeLibrary,
    string Runtime)
{
    public IReadOnlyList<double> EndToEndReadIntoMemory { get; init; } = [];

    public IReadOnlyList<double> EndToEndReadIntoMemoryCpu { get; init; } = [];
}

/// <summary>Wall-clock and process CPU seconds of one measured interval.</summary>
internal readonly record struct Timing(double Seconds, double CpuSeconds);
