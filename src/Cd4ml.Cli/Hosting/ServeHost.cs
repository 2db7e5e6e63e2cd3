using Cd4ml.Pipeline.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Cd4ml.Cli.Hosting.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Hosting;

/// <summary>How <c>cd4ml serve</c> was asked to run.</summary>
/// <param name="Urls">Where Kestrel listens, <c>;</c>-separated.</param>
/// <param name="Storage">An <c>AzureWebJobsStorage</c> value to use instead of the environment's.</param>
/// <param name="ConsoleTelemetry">Print spans and metrics on standard output.</param>
/// <param name="Verbose">Also log framework, Durable Task and gRPC messages.</param>
public sealed record ServeSettings(string Urls, string? Storage = null, bool ConsoleTelemetry = false, bool Verbose = false)
{
    public const string DefaultUrls = "http://127.0.0.1:7071";
}

/// <summary>
/// <c>cd4ml serve</c> in one process: Kestrel with the Functions app's routes and handlers, the dataset poller and the
/// scheduler in place of the blob and timer triggers, and the pipeline on the in-process Durable Task host. Configured
/// by the same settings as the Functions app (<c>AzureWebJobsStorage</c>, <c>Cd4ml__…</c>), from the environment.
/// </summary>
public static class ServeHost
{
    /// <summary>How long in-flight requests and trigger handling get to finish on Ctrl+C or SIGTERM.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <param name="settings">The command line's settings.</param>
    /// <param name="overrides">Settings that win over the environment (tests).</param>
    public static WebApplication Build(ServeSettings settings, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The content root is the tool's own folder: an appsettings.json in whatever folder serve is started from is not read.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "cd4ml", ContentRootPath = AppContext.BaseDirectory });
        if (settings.Storage is not null)
        {
            builder.Configuration[StorageConnection.SettingName] = settings.Storage;
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var urls = settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.IsNullOrEmpty(builder.Configuration[$"{ServeOptions.Section}:{nameof(ServeOptions.ApiKey)}"])
            && ServeBinding.FirstBeyondLoopback(urls) is { } exposed)
        {
            throw new InvalidOperationException(
                $"cd4ml serve will not listen on {exposed} without a key: that address is reachable beyond this machine and every route would be open. Set {ServeOptions.ApiKeySetting}, or listen on 127.0.0.1");
        }

        builder.WebHost.UseUrls(urls);
        ConfigureLogging(builder.Logging, settings.Verbose);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<StorageBootstrapService>();
        builder.Services.AddCd4mlPipeline(builder.Configuration);
        builder.Services.AddCd4mlDurable(builder.Configuration, DurableServiceCollectionExtensions.ReadDurableOptions(builder.Configuration));
        builder.Services.AddCd4mlLocalTriggers();
        builder.Services.AddOptions<ServeOptions>().BindConfiguration(ServeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServeOptions>, ServeOptionsValidator>();
        builder.Services.AddCd4mlServeTelemetry(builder.Configuration, settings.ConsoleTelemetry);

        var app = builder.Build();
        app.UseMiddleware<ServeRequestGuardMiddleware>();
        app.UseDashboardAtRoot();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapCd4mlRoutes();
        return app;
    }

    internal static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        if (!verbose)
        {
            // A server's log is read by people: the pipeline's decisions, not every gRPC call. The in-process Durable
            // sidecar is a host of its own and would announce its internal port as if it were the API's, so lifetime
            // messages are left to ServeCommand's own lines. Azure.Core logs every 409 of CreateIfNotExists as a warning.
            foreach (var noisy in (string[])["Microsoft", "System", "Grpc", "DurableTask"])
            {
                logging.AddFilter(noisy, LogLevel.Warning);
            }

            logging.AddFilter("Azure", LogLevel.Error);
        }
    }

}
