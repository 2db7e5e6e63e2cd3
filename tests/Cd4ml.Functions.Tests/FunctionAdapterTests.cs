using System.Reflection;
using Cd4ml.Functions.Activities;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Tests;

/// <summary>The hand-written adapters cannot drift from the orchestrators and activities of Cd4ml.Pipeline.</summary>
public sealed class FunctionAdapterTests
{
    public static TheoryData<string> Orchestrators => [.. PipelineServiceCollectionExtensions.Orchestrators.Select(t => t.Name)];

    public static TheoryData<string> Activities => [.. PipelineServiceCollectionExtensions.Activities.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Orchestrators))]
    public void Every_orchestrator_has_a_function_of_its_name_with_an_orchestration_trigger(string orchestrator)
    {
        var function = Assert.Single(FunctionCatalog.Named(orchestrator));
        var trigger = Assert.Single(function.GetParameters(), p => p.IsDefined(typeof(OrchestrationTriggerAttribute)));
        Assert.Equal(typeof(TaskOrchestrationContext), trigger.ParameterType);

        var types = GenericArguments(PipelineServiceCollectionExtensions.Orchestrators.Single(t => t.Name == orchestrator), typeof(TaskOrchestrator<,>));
        Assert.Equal(typeof(Task<>).MakeGenericType(types[1]), function.ReturnType);
    }

    [Theory]
    [MemberData(nameof(Activities))]
    public void Every_activity_has_a_function_of_its_name_whose_trigger_binds_the_activity_input(string activity)
    {
        var function = Assert.Single(FunctionCatalog.Named(activity));
        var trigger = Assert.Single(function.GetParameters(), p => p.IsDefined(typeof(ActivityTriggerAttribute)));
        Assert.Contains(function.GetParameters(), p => p.ParameterType == typeof(FunctionContext));

        // TaskActivity<TIn, TOut>: the trigger binds TIn and the function returns Task<TOut>, so payloads cross unchanged.
        var types = GenericArguments(PipelineServiceCollectionExtensions.Activities.Single(t => t.Name == activity), typeof(TaskActivity<,>));
        Assert.Equal(types[0], trigger.ParameterType);
        Assert.Equal(typeof(Task<>).MakeGenericType(types[1]), function.ReturnType);
    }

    [Fact]
    public void Every_orchestration_and_activity_function_belongs_to_a_pipeline_task()
    {
        var tasks = PipelineServiceCollectionExtensions.Orchestrators.Concat(PipelineServiceCollectionExtensions.Activities)
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var durable = FunctionCatalog.All.Where(f => f.Method.GetParameters()
            .Any(p => p.IsDefined(typeof(OrchestrationTriggerAttribute)) || p.IsDefined(typeof(ActivityTriggerAttribute))));

        Assert.All(durable, f => Assert.Contains(f.Name, tasks));
        Assert.Equal(tasks.Count, durable.Count());
    }

    [Fact]
    public void Activity_context_carries_the_activity_name_and_the_orchestration_instance_id_from_the_trigger_metadata()
    {
        var services = new ServiceCollection().BuildServiceProvider();

        var context = FunctionsActivityContext.From("CheckDatasetActivity", new TestFunctionContext(services, "credit-0123456789ab-01234567"));
        var withoutId = FunctionsActivityContext.From("CheckDatasetActivity", new TestFunctionContext(services, instanceId: null));

        Assert.Equal("CheckDatasetActivity", context.Name.Name);
        Assert.Equal("credit-0123456789ab-01234567", context.InstanceId);
        Assert.Equal("", withoutId.InstanceId);
    }

    [Fact]
    public void Function_names_are_unique()
    {
        var names = FunctionCatalog.All.Select(f => f.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    private static Type[] GenericArguments(Type type, Type openBase)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == openBase)
            {
                return current.GetGenericArguments();
            }
        }

        throw new InvalidOperationException($"{type} does not derive from {openBase}");
    }
}
