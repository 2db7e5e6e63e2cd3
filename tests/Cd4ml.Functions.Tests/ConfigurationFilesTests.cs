using System.Text.Json;
using System.Text.RegularExpressions;
using Cd4ml.Functions.Extensions;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Telemetry;
using Cd4ml.Pipeline.Webhooks;
using Cd4ml.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Cd4ml.Functions.Tests;

/// <summary><c>host.json</c> and <c>local.settings.sample.json</c> agree with what the app binds and reads.</summary>
public sealed partial class ConfigurationFilesTests
{
    private static readonly JsonElement s_host = Read(Path.Combine(RepoPaths.Root, "host.json"));

    private static readonly JsonElement s_sample = Read(Path.Combine(RepoPaths.Root, "local.settings.sample.json")).GetProperty("Values");

    [Fact]
    public void Every_app_setting_a_binding_names_is_in_the_local_settings_sample()
    {
        var referenced = BindingExpression().Matches(FunctionsOutput.Metadata.GetRawText()).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(referenced);
        // %Cd4ml:Schedule% is the configuration key; as an environment variable (app setting) it is Cd4ml__Schedule.
        Assert.All(referenced, key => Assert.True(s_sample.TryGetProperty(key.Replace(":", "__", StringComparison.Ordinal), out _), $"{key} is not in local.settings.sample.json"));
    }

    [Fact]
    public void Local_settings_sample_runs_the_isolated_worker_against_azurite_and_names_every_setting_the_app_reads()
    {
        Assert.Equal("dotnet-isolated", s_sample.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal(StorageConnection.DevelopmentStorage, s_sample.GetProperty(StorageConnection.SettingName).GetString());
        Assert.Equal("", s_sample.GetProperty(TelemetryExport.ConnectionStringSetting).GetString());
        Assert.True(s_sample.TryGetProperty(TelemetryExport.AuthenticationStringSetting, out _));

        // The pipeline treats a set value as a folder path, so the sample must not set it to "".
        Assert.False(string.IsNullOrWhiteSpace(s_sample.GetProperty("Cd4ml__SnapshotCacheDirectory").GetString()));
    }

    [Fact]
    public void Every_webhook_setting_the_app_binds_is_in_the_local_settings_sample()
    {
        var properties = typeof(WebhookOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToList();

        Assert.NotEmpty(properties);
        Assert.All(properties.Where(p => p != nameof(WebhookOptions.Pipelines)), name =>
            Assert.True(s_sample.TryGetProperty($"Cd4ml__Webhooks__{name}", out _), $"Cd4ml__Webhooks__{name} is not in local.settings.sample.json"));
        Assert.Contains(s_sample.EnumerateObject(), p => p.Name.StartsWith("Cd4ml__Webhooks__Pipelines__", StringComparison.Ordinal) && p.Name.EndsWith("__Paths", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_local_settings_sample_passes_start_up_validation()
    {
        var settings = s_sample.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString()));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCd4mlPipeline(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void Sample_schedule_is_a_six_field_ncrontab_expression()
    {
        var fields = s_sample.GetProperty("Cd4ml__Schedule").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(6, fields.Length);
    }

    [Fact]
    public void Build_output_carries_the_root_host_json()
    {
        var built = Path.Combine(FunctionsOutput.Folder, "host.json");

        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(built));
    }

    [Fact]
    public void Host_exports_open_telemetry_like_the_worker()
    {
        Assert.Equal("OpenTelemetry", s_host.GetProperty("telemetryMode").GetString());
        Assert.Equal("2.0", s_host.GetProperty("version").GetString());
    }

    [Fact]
    public void Durable_task_hub_name_is_valid_for_azure_storage_and_training_concurrency_is_bounded()
    {
        var durable = s_host.GetProperty("extensions").GetProperty("durableTask");

        // Azure Storage task hubs: 3-45 characters, letters and digits, starting with a letter.
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", durable.GetProperty("hubName").GetString());
        var activities = durable.GetProperty("maxConcurrentActivityFunctions").GetInt32();
        var orchestrators = durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32();
        Assert.InRange(activities, 1, orchestrators);
    }

    [Fact]
    public void Http_routes_sit_under_api_as_the_status_uris_say()
    {
        // RunsApi answers StatusUri "/api/runs/{id}"; the route prefix has to agree.
        Assert.Equal("api", s_host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [GeneratedRegex("%([^%\"]+)%")]
    private static partial Regex BindingExpression();

    private static JsonElement Read(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;
}
