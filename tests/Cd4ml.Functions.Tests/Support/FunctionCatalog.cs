using System.Reflection;
using Cd4ml.Functions.Orchestration;
using Microsoft.Azure.Functions.Worker;

namespace Cd4ml.Functions.Tests.Support;

/// <summary>The functions of the Functions assembly, found the way the worker SDK finds them: by <c>[Function]</c>.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<(string Name, MethodInfo Method)> All { get; } =
        typeof(OrchestratorFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(FunctionAttribute)))
            .Select(m => (m.GetCustomAttribute<FunctionAttribute>()!.Name, m))
            .ToList();

    public static IEnumerable<MethodInfo> Named(string name) => All.Where(f => f.Name == name).Select(f => f.Method);
}
