namespace Cd4ml.Pipeline.Hosting;

/// <summary>This process as a worker of the task hub: host name and process id, unique among live workers.</summary>
public static class WorkerIdentity
{
    public static string Current { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";
}
