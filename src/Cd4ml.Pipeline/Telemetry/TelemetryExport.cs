using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary>
/// The telemetry every host sets up the same way: the pipeline's own spans and metrics, and the Azure Monitor exporter
/// when Application Insights is configured — signing in with Entra ID where the resource has key authentication off.
/// Hosts add only what is theirs (the Functions worker defaults; serve's console, OTLP and ASP.NET Core signals).
/// </summary>
public static class TelemetryExport
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Whether Application Insights is configured, so the exporter will be added.</summary>
    public static bool AzureMonitorConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]);
    }

    /// <summary>The <c>Cd4ml</c> spans and metrics (docs/telemetry.md), and Azure Monitor when configured.</summary>
    public static TBuilder AddCd4mlTelemetry<TBuilder>(this TBuilder telemetry, IConfiguration configuration)
        where TBuilder : IOpenTelemetryBuilder
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(configuration);
        telemetry.WithTracing(tracing => tracing.AddSource(PipelineTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(PipelineTelemetry.Name));
        // The delivery measures as gauges: a background read keeps their snapshot fresh (docs/delivery-metrics.md).
        telemetry.Services.AddOptions<DeliveryGaugeOptions>().BindConfiguration(DeliveryGaugeOptions.Section)
            .Validate(o => o.RefreshInterval >= TimeSpan.Zero, $"{DeliveryGaugeOptions.Section}:RefreshInterval must not be negative")
            .ValidateOnStart();
        telemetry.Services.AddHostedService<DeliveryGaugeRefresher>();
        if (AzureMonitorConfigured(configuration))
        {
            var connectionString = configuration[ConnectionStringSetting];
            var credential = EntraCredential(configuration[AuthenticationStringSetting]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
            });
        }

        return telemetry;
    }

    /// <summary>
    /// The credential the exporter signs in with when Application Insights has local (key) authentication off, read
    /// from the same setting the Functions host uses: <c>Authorization=AAD</c>, with <c>ClientId=…</c> for a
    /// user-assigned identity. Null means the connection string alone authenticates.
    /// </summary>
    public static TokenCredential? EntraCredential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.GetValueOrDefault("ClientId") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
