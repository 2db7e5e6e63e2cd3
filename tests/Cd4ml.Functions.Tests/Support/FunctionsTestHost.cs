using System.Reflection;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Tests.Support;

/// <summary>
/// The in-process Durable host (real worker, real client, Azurite) running the Functions app's adapters instead of
/// the task classes: every method with <c>[OrchestrationTrigger]</c> or <c>[ActivityTrigger]</c> is registered under
/// its <c>[Function]</c> name, the way the Functions host finds them. A run that completes here went through them all.
/// </summary>
public sealed class FunctionsTestHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private FunctionsTestHost(DurableTaskTestHost host) => _host = host;

    public DurableTaskClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>A function class as the worker makes one: constructor arguments from DI.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(_host.Services);

    public static async Task<FunctionsTestHost> StartAsync(AzuriteFixture storage)
    {
        // The same settings PipelineTestHost uses; only the task registration differs.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = storage.ConnectionString,
            ["Cd4ml:SnapshotCacheDirectory"] = Path.Combine(Path.GetTempPath(), "cd4ml-test-cache"),
        }).Build();

        var host = await DurableTaskTestHost.StartAsync(
            RegisterAdapters,
            new DurableTaskTestHostOptions
            {
                Port = LoopbackPort.Next(),
                ConfigureServices = services => services.AddLogging().AddCd4mlPipeline(configuration),
            });
        return new FunctionsTestHost(host);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static void RegisterAdapters(DurableTaskRegistry tasks)
    {
        foreach (var (name, method) in FunctionCatalog.All)
        {
            if (method.GetParameters().Any(p => p.IsDefined(typeof(OrchestrationTriggerAttribute))))
            {
                // The adapter reads its input with GetInput<T>(); this worker deserializes it up front, so it needs the
                // type, which is the TIn of the orchestrator class of the same name.
                var inputType = PipelineServiceCollectionExtensions.Orchestrators.Single(t => t.Name == name)
                    .BaseType!.GetGenericArguments()[0];
                tasks.AddOrchestrator(name, () => new AdapterOrchestrator(method, inputType));
            }
            else if (method.GetParameters().Any(p => p.IsDefined(typeof(ActivityTriggerAttribute))))
            {
                tasks.AddActivity(name, services => new AdapterActivity(method, services));
            }
        }
    }

    private static async Task<object?> InvokeAsync(MethodInfo method, object? target, object?[] arguments)
    {
        var task = (Task)method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null)!;
        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }

    private static Type ResultType(MethodInfo method) => method.ReturnType.GetGenericArguments().Single();

    private sealed class AdapterOrchestrator(MethodInfo method, Type inputType) : ITaskOrchestrator
    {
        public Type InputType => inputType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            InvokeAsync(method, null, [context]);
    }

    private sealed class AdapterActivity(MethodInfo method, IServiceProvider services) : ITaskActivity
    {
        public Type InputType => method.GetParameters().Single(p => p.IsDefined(typeof(ActivityTriggerAttribute))).ParameterType;

        public Type OutputType => ResultType(method);

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var arguments = method.GetParameters()
                .Select(p => p.IsDefined(typeof(ActivityTriggerAttribute)) ? input
                    : p.ParameterType == typeof(FunctionContext) ? new TestFunctionContext(services, context.InstanceId)
                    : throw new InvalidOperationException($"{method.Name}: no test binding for parameter {p.Name}"))
                .ToArray();
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            return InvokeAsync(method, target, arguments);
        }
    }
}
