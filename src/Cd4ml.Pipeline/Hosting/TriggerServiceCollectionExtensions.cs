using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Telemetry;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Pipeline.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Registration of the triggers: webhooks and schedules for every host, the dataset poller and scheduler for local hosts.</summary>
public static class TriggerServiceCollectionExtensions
{
    /// <summary>
    /// What every host needs to answer webhooks and evaluate schedules. Called by <c>AddCd4mlPipeline</c>. Webhook
    /// settings are validated at start-up, so a secret that is still a Key Vault reference stops the host there.
    /// </summary>
    public static IServiceCollection AddCd4mlTriggers(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<WebhookOptions>, WebhookOptionsSetup>();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();

        // The timeout keeps a spec fetch inside the 10 s a webhook sender waits.
        services.AddHttpClient(GitHubContents.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton<GitHubContents>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<PushRouting>();
        services.AddSingleton<WebhookPushHandler>();
        services.AddSingleton<WebhooksApi>();

        services.AddSingleton<DatasetCatalog>();
        services.AddSingleton<DatasetReceipts>();
        services.AddSingleton<ScheduleStates>();
        services.AddSingleton<RunArrivals>();
        return services;
    }

    /// <summary>
    /// The local host's own triggers, where no Functions runtime delivers blob events or timer ticks: the dataset
    /// poller and the scheduler. Needs a <c>DurableTaskClient</c> in the container (<c>AddInMemoryDurableTask</c>).
    /// </summary>
    public static IServiceCollection AddCd4mlLocalTriggers(this IServiceCollection services)
    {
        services.AddOptions<DatasetPollerOptions>().BindConfiguration(DatasetPollerOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, $"{DatasetPollerOptions.Section}:Interval must be positive")
            .Validate(o => o.MaxConcurrency is >= 1 and <= 64, $"{DatasetPollerOptions.Section}:MaxConcurrency must be 1-64")
            .Validate(o => o.MaxAttempts >= 1, $"{DatasetPollerOptions.Section}:MaxAttempts must be at least 1")
            .ValidateOnStart();
        services.AddOptions<PipelineSchedulerOptions>().BindConfiguration(PipelineSchedulerOptions.Section)
            // The local scheduler honours the Functions timer's setting, so both hosts read the same configuration.
            .Configure<IConfiguration>((o, configuration) => o.DefaultSchedule ??= NullIfEmpty(configuration["Cd4ml:Schedule"]))
            .Validate(o => o.Interval > TimeSpan.Zero, $"{PipelineSchedulerOptions.Section}:Interval must be positive")
            .Validate(o => o.DefaultSchedule is null || SpecSchedules.Problem(o.DefaultSchedule) is null,
                "Cd4ml:Schedule (or Cd4ml:Scheduler:DefaultSchedule) is not a valid cron expression")
            .ValidateOnStart();

        services.AddSingleton<IDatasetArrivalProcessor, DurableDatasetArrivalProcessor>();
        services.AddHostedService<DatasetPoller>();
        services.AddHostedService<Scoring.ScoringPoller>();
        services.AddHostedService<Monitoring.MonitoringPoller>();
        services.AddHostedService<PipelineScheduler>();
        return services;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
