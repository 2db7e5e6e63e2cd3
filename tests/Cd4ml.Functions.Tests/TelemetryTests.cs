using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Cd4ml.Functions.Extensions;
using Cd4ml.Pipeline.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cd4ml.Functions.Tests;

/// <summary>Telemetry goes to Application Insights only when one is configured, signed in the way the app settings say.</summary>
public sealed class TelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/";

    [Fact]
    public void Without_a_connection_string_no_azure_monitor_exporter_is_registered()
    {
        var services = Telemetry(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "" });

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IConfigureOptions<AzureMonitorExporterOptions>));
    }

    [Fact]
    public void With_a_connection_string_the_exporter_sends_there()
    {
        var services = Telemetry(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString });

        var options = services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;
        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.Null(options.Credential);
    }

    [Fact]
    public void With_entra_authentication_the_exporter_signs_in_as_the_managed_identity()
    {
        // Bicep turns local (key) authentication off and sets this, as the Functions host expects it.
        var services = Telemetry(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD",
        });

        var options = services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().CurrentValue;
        Assert.IsType<ManagedIdentityCredential>(options.Credential);
    }

    [Fact]
    public void The_worker_exports_the_pipelines_own_spans_and_metrics()
    {
        var services = Telemetry(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "" });
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
        using var provider = services.BuildServiceProvider();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var meter = provider.GetRequiredService<MeterProvider>();
        var pipeline = $"otel-{Guid.NewGuid():N}"[..20];

        using (PipelineTelemetry.Source.StartActivity("TrainCandidateActivity")?.SetTag(TagNames.Pipeline, pipeline))
        {
        }

        PipelineTelemetry.RecordRollback(pipeline);
        tracer.ForceFlush();
        meter.ForceFlush();

        Assert.Contains(spans, s => s.Source.Name == PipelineTelemetry.Name && (string?)s.GetTagItem(TagNames.Pipeline) == pipeline);
        Assert.Contains(metrics, m => m.Name == "cd4ml.rollbacks");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555")]
    [InlineData("Authorization=Key")]
    public void An_authentication_string_without_aad_means_no_credential(string? authentication) =>
        Assert.Null(TelemetryExport.EntraCredential(authentication));

    [Theory]
    [InlineData("Authorization=AAD")]
    [InlineData(" authorization = aad ; clientid = 11111111-2222-3333-4444-555555555555 ")]
    public void An_aad_authentication_string_means_a_managed_identity_credential(string authentication) =>
        Assert.IsType<ManagedIdentityCredential>(TelemetryExport.EntraCredential(authentication));

    private static ServiceCollection Telemetry(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddCd4mlFunctionsTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
