using System.Text.RegularExpressions;

namespace Cd4ml.Cli.Hosting.Durable;

/// <summary>Which engine stores the local hosts' orchestration state.</summary>
public enum DurableBackendKind
{
    /// <summary>The Durable Task Azure Storage backend on the configured account: survives a killed process, shared by workers.</summary>
    AzureStorage,

    /// <summary>In this process's memory: lost with the process. For tests and throw-away runs only.</summary>
    InMemory,
}

/// <summary>
/// <c>Cd4ml:Durable</c>: the durable engine of <c>cd4ml run</c>, <c>serve</c> and <c>worker</c>
/// (environment: <c>Cd4ml__Durable__TaskHub</c>, …). The Functions app reads its own from host.json.
/// </summary>
public sealed partial class DurableOptions
{
    public const string Section = "Cd4ml:Durable";

    /// <summary>The engine; <see cref="DurableBackendKind.AzureStorage"/> unless a test asks otherwise.</summary>
    public DurableBackendKind Backend { get; set; } = DurableBackendKind.AzureStorage;

    /// <summary>
    /// The task hub: every process with the same storage account and hub name shares orchestrations and work. Its
    /// tables, queues and lease blobs are named after it. Same default as host.json's <c>hubName</c>.
    /// </summary>
    public string TaskHub { get; set; } = "cd4ml";

    /// <summary>Control-queue partitions (1–16): how many workers can run orchestrator code at once.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Activities one process runs at once; 0 means one per core.</summary>
    public int MaxConcurrentActivities { get; set; }

    /// <summary>
    /// How long a work item a process took stays invisible to the others. The local host renews it while the
    /// activity runs, so this is how long a killed process's work waits before another process takes it over.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a partition lease lasts without renewal: how soon a killed worker's partitions move to another.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest pause between polls of an idle queue (Azure Storage backs off up to this).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int EffectiveMaxConcurrentActivities => MaxConcurrentActivities > 0 ? MaxConcurrentActivities : Environment.ProcessorCount;

    /// <summary>The rules Azure Storage puts on a task hub name (its tables and queues are named after it).</summary>
    public const string TaskHubRule = "3 to 45 characters, letters and digits only, starting with a letter";

    /// <summary>Every problem with these settings, each naming the setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!TaskHubName().IsMatch(TaskHub ?? ""))
        {
            problems.Add($"{Section}:TaskHub '{TaskHub}' is not a valid task hub name: {TaskHubRule}");
        }

        if (PartitionCount is < 1 or > 16)
        {
            problems.Add($"{Section}:PartitionCount {PartitionCount} is outside 1–16");
        }

        if (MaxConcurrentActivities < 0)
        {
            problems.Add($"{Section}:MaxConcurrentActivities {MaxConcurrentActivities} is negative; 0 means one per core");
        }

        if (WorkItemVisibilityTimeout < TimeSpan.FromSeconds(5) || LeaseInterval < TimeSpan.FromSeconds(5))
        {
            problems.Add($"{Section}:WorkItemVisibilityTimeout and {Section}:LeaseInterval must be at least 5 seconds");
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubName();
}

/// <summary>Durable settings that cannot work: nothing was started. The command exits 2 with the message.</summary>
public sealed class InvalidDurableSettingsException(IReadOnlyList<string> problems)
    : InvalidOperationException(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>The storage account behind the task hub did not answer; the message names the endpoint. Exit 1.</summary>
public sealed class DurableStorageUnreachableException(string message, Exception inner) : InvalidOperationException(message, inner);
