using Cd4ml.Pipeline.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Extensions;

/// <summary>Who the Functions app says acted when Easy Auth names nobody.</summary>
public static class FunctionsAuthServiceCollectionExtensions
{
    /// <summary>
    /// The name recorded for a caller of a Function-level route when no user is signed in: the Functions host admitted
    /// the request with a function key, and does not tell the worker which one.
    /// </summary>
    public const string FunctionKeyActor = "function-key";

    public static IServiceCollection AddCd4mlFunctionsAuth(this IServiceCollection services) =>
        services.AddSingleton(new KeyCheckedByHost(FunctionKeyActor));
}
