using Microsoft.Azure.Functions.Worker;

namespace Cd4ml.Functions.Tests.Support;

/// <summary>
/// The parts of an activity invocation's <see cref="FunctionContext"/> the adapters use: the invocation's services
/// and the trigger metadata with the orchestration's instance id, as the Durable extension supplies it.
/// </summary>
public sealed class TestFunctionContext(IServiceProvider services, string? instanceId) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString("N");

    public override string FunctionId => throw new NotSupportedException();

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext { get; } = new TestBindingContext(instanceId is null
        ? new Dictionary<string, object?>()
        : new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["instanceId"] = instanceId });

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override Microsoft.Azure.Functions.Worker.IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class TestBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }
}
