namespace Cd4ml.Benchmarks.Training.Candidates;

/// <summary>
/// N equal candidates trained by the real orchestration at once, against each of them alone. Seconds; one entry per
/// repetition (singles: one per candidate per repetition). The <c>…Cpu</c> lists are this process's CPU seconds over
/// the same intervals: CPU ÷ wall is how many cores it actually had (a shared machine may give it fewer than it has).
/// </summary>
internal sealed record CandidateStageResult(
    string Dataset,
    string Trainer,
    int Candidates,
    int Repetitions,
    IReadOnlyList<double> SingleCandidate,
    IReadOnlyList<double> SingleCandidateCpu,
    IReadOnlyList<double> Stage,
    IReadOnlyList<double> StageCpu,
    IReadOnlyList<IReadOnlyList<double>> CandidatesInStage,
    IReadOnlyList<IReadOnlyList<double>> FitSecondsInStage,
    IReadOnlyList<double> FitSecondsAlone,
    int MostCandidatesAtOnce,
    InProcessCandidates InProcess,
    ConcurrencySettings Concurrency,
    int ProcessorCount);

/// <summary>The same candidates without the orchestration: the TrainCandidate logic run in sequence and with Task.WhenAll.</summary>
internal sealed record InProcessCandidates(IReadOnlyList<double> Sequential, double Sequence, double SequenceCpu, double WhenAll, double WhenAllCpu);

/// <summary>How many activities each host of the pipeline may run at once.</summary>
internal sealed record ConcurrencySettings(
    int WorkerMaximumConcurrentActivityWorkItems,
    int InProcessSidecarMaxConcurrentTaskActivityWorkItems,
    int FunctionsHostMaxConcurrentActivityFunctions,
    string Notes);
