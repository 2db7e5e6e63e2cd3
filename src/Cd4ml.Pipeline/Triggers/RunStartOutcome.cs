using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>Everything a request to run a pipeline on a dataset can come to.</summary>
public enum RunStartKind
{
    /// <summary>A new run was scheduled.</summary>
    Started,

    /// <summary>The same run is already in progress.</summary>
    AlreadyAccepted,

    /// <summary>The same run already finished; its record is at hand.</summary>
    AlreadyCompleted,

    /// <summary>No spec is stored for the pipeline.</summary>
    UnknownPipeline,

    /// <summary>The stored spec does not parse or validate.</summary>
    InvalidSpec,

    /// <summary>The dataset blob does not exist.</summary>
    DatasetMissing,
}

/// <summary>
/// What <c>RunStarter.StartForPipelineAsync</c> came to: one type for every trigger, which each maps to its
/// host's answer with <see cref="RunStartAnswers"/> (an HTTP status, a receipt word, a log line).
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Pipeline">The pipeline asked for.</param>
/// <param name="Reason">Why, in a sentence that names the pipeline, blob or spec problem.</param>
/// <param name="Run">The run, for the three kinds that have one.</param>
public sealed record RunStartOutcome(RunStartKind Kind, string Pipeline, string Reason, StartRunResult? Run = null)
{
    public static RunStartOutcome From(string pipeline, StartRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var kind = KindOf(run.Status);
        return new RunStartOutcome(kind, pipeline, $"run {run.RunId} {RunStartAnswers.Word(kind)}", run);
    }

    public static RunStartKind KindOf(StartRunStatus status) => status switch
    {
        StartRunStatus.Started => RunStartKind.Started,
        StartRunStatus.AlreadyAccepted => RunStartKind.AlreadyAccepted,
        _ => RunStartKind.AlreadyCompleted,
    };
}

/// <summary>How every host answers a <see cref="RunStartOutcome"/>: the same words and statuses everywhere.</summary>
public static class RunStartAnswers
{
    public static string Word(StartRunStatus status) => Word(RunStartOutcome.KindOf(status));

    public static string Word(RunStartKind kind) => kind switch
    {
        RunStartKind.Started => "started",
        RunStartKind.AlreadyAccepted => "already-accepted",
        RunStartKind.AlreadyCompleted => "already-completed",
        RunStartKind.UnknownPipeline => "unknown-pipeline",
        RunStartKind.InvalidSpec => "invalid-spec",
        _ => "dataset-missing",
    };

    /// <summary>202 for a run in progress, 200 for one already finished, 404 for a missing pipeline or dataset, 409 for a broken spec.</summary>
    public static int HttpStatus(RunStartKind kind) => kind switch
    {
        RunStartKind.Started or RunStartKind.AlreadyAccepted => StatusCodes.Status202Accepted,
        RunStartKind.AlreadyCompleted => StatusCodes.Status200OK,
        RunStartKind.InvalidSpec => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status404NotFound,
    };

    /// <summary>Nothing ran only because the pipeline's spec is missing or broken: pushing a good one makes the data runnable.</summary>
    public static bool WaitsForPipeline(RunStartKind kind) => kind is RunStartKind.UnknownPipeline or RunStartKind.InvalidSpec;
}
