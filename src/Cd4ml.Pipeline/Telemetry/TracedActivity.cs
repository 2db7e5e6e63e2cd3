using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>
/// Wraps an activity registered with a Durable Task worker so each execution is a span (see <see cref="ActivitySpans"/>),
/// without each activity class having to remember it.
/// </summary>
public sealed class TracedActivity(string name, ITaskActivity inner) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivitySpans.RunAsync(name, context.InstanceId, () => inner.RunAsync(context, input));
    }
}
