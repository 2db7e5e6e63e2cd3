using Cd4ml.Pipeline.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// OpenTelemetry for <c>cd4ml serve</c>: the <c>Cd4ml</c> spans and metrics plus ASP.NET Core's, exported to the console
/// (<c>--telemetry console</c>), to an OTLP collector (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) and to Application Insights
/// (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>), each only when asked for. With none of them nothing is collected.
/// </summary>
public static class ServeTelemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddCd4mlServeTelemetry(this IServiceCollection services, IConfiguration configuration, bool console)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        if (!console && !otlp && !TelemetryExport.AzureMonitorConfigured(configuration))
        {
            return services;
        }

        // The pipeline's signals and Azure Monitor (with Entra ID sign-in where configured) as in the Functions app;
        // ASP.NET Core's signals and the console and OTLP exporters are serve's own.
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cd4ml-serve"))
            .AddCd4mlTelemetry(configuration)
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation();
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (otlp)
                {
                    // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* variables.
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation();
                if (console)
                {
                    metrics.AddConsoleExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
