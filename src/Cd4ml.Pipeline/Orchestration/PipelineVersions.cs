using Cd4ml.Pipeline.Contracts;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Versions of <see cref="TrainingPipeline"/>'s sequence of steps. A run keeps the version it was started with for its
/// whole life (Durable stores it with the instance), and the orchestrator keeps every older version's branch, so a
/// run that waits 30 days for approval replays the steps it started with after any number of deploys.
/// To change the steps: add a version here, make it <see cref="Current"/>, and branch on
/// <c>context.CompareVersionTo(...)</c>; delete an old branch only when no run of that version can still be in flight.
/// </summary>
public static class PipelineVersions
{
    /// <summary>The trigger hashed the dataset; the run id is content-addressed; the run starts at the snapshot copy.</summary>
    public const string TriggerHashes = "1";

    /// <summary>The run hashes the dataset in its snapshot activity and claims the content; triggers answer at once.</summary>
    public const string RunHashes = "2";

    /// <summary>As 2, and activities get the run by reference (<see cref="RunRef"/>) and read the spec stored for it.</summary>
    public const string SpecByReference = "3";

    /// <summary>
    /// As 3, and publishing is one activity that holds the pipeline's promotion lock, decides again against the champion
    /// that is current then (if it changed since the run evaluated it), publishes and moves the alias.
    /// </summary>
    public const string DecideAtPublish = "4";

    /// <summary>What new runs start with.</summary>
    public const string Current = DecideAtPublish;
}
