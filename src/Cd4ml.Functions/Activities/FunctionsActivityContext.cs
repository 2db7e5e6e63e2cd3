using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Cd4ml.Functions.Activities;

/// <summary>The <see cref="TaskActivityContext"/> an activity class sees when the Functions host runs it.</summary>
public sealed class FunctionsActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    /// <summary>The context of the activity invocation in <paramref name="functionContext"/>; the Durable extension puts the orchestration's instance id in the trigger metadata.</summary>
    public static FunctionsActivityContext From(string name, FunctionContext functionContext)
    {
        ArgumentNullException.ThrowIfNull(functionContext);
        var instanceId = functionContext.BindingContext.BindingData.TryGetValue("instanceId", out var value) ? value?.ToString() : null;
        return new FunctionsActivityContext(name, instanceId ?? "");
    }
}
