using Cd4ml.Pipeline.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Extensions;

/// <summary>What the Functions app registers on top of <c>AddCd4mlPipeline</c>: its telemetry.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry for the worker (the host exports its own with <c>telemetryMode: OpenTelemetry</c> in host.json): the
    /// shared setup (<see cref="TelemetryExport"/>) on the Functions worker defaults. The Azure Monitor exporter is added
    /// only when Application Insights is configured, so a local run exports nothing.
    /// </summary>
    public static IServiceCollection AddCd4mlFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // UseFunctionsWorkerDefaults also tells the host to stop re-emitting the worker's logs, so nothing is sent twice.
        services.AddOpenTelemetry().UseFunctionsWorkerDefaults().AddCd4mlTelemetry(configuration);
        return services;
    }
}
