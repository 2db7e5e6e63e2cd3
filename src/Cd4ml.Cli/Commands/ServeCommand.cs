using System.CommandLine;
using Azure;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Hosting.Durable;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml serve</c>: the local equivalent of <c>func start</c>, in one process (see <see cref="ServeHost"/>). Runs until
/// Ctrl+C or SIGTERM, then stops accepting requests and lets in-flight work finish (up to <see cref="ServeHost.ShutdownTimeout"/>).
/// </summary>
public static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated. Without Cd4ml__Serve__ApiKey only loopback addresses are accepted.", DefaultValueFactory = _ => ServeSettings.DefaultUrls };
        var storage = new Option<string?>("--storage") { Description = "Blob Storage connection string; default: the AzureWebJobsStorage setting, else UseDevelopmentStorage=true (Azurite)." };
        var telemetry = new Option<string>("--telemetry") { Description = "Also print spans and metrics: 'console'. OTLP and Application Insights follow their environment variables.", DefaultValueFactory = _ => "none" };
        telemetry.AcceptOnlyFromAmong("none", "console");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also log framework, Durable Task and gRPC messages." };

        var command = new Command("serve", "Host the HTTP API, webhooks, dataset poller, schedules and pipeline in this process (like func start).")
        {
            urls, storage, telemetry, verbose,
        };
        command.SetAction((parse, ct) => RunAsync(
            new ServeSettings(parse.GetValue(urls)!, parse.GetValue(storage), parse.GetValue(telemetry) == "console", parse.GetValue(verbose)), stdout, stderr, ct));
        return command;
    }

    internal static async Task<int> RunAsync(ServeSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        WebApplication app;
        try
        {
            app = ServeHost.Build(settings);
        }
        catch (InvalidOperationException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OptionsValidationException or AggregateException { InnerExceptions: [OptionsValidationException, ..] })
            {
                // Settings that cannot work (a Key Vault reference that was never resolved, a bad cron): nothing started.
                var problems = ex is AggregateException all ? all.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures) : ((OptionsValidationException)ex).Failures;
                foreach (var problem in problems)
                {
                    await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                }

                return ExitCodes.InvalidInput;
            }
            catch (DurableStorageUnreachableException ex)
            {
                await stderr.WriteLineAsync($"error: cd4ml serve could not start: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Error;
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException or InvalidOperationException or AggregateException)
            {
                await stderr.WriteLineAsync($"error: cd4ml serve could not start: {ex.Message.Split('\n')[0]}. " +
                    "Is Blob Storage reachable (bash infra/start-azurite.sh, or AzureWebJobsStorage) and the port free?").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            await stdout.WriteLineAsync($"cd4ml serve: API on {settings.Urls}/api, watching the datasets container, schedules on. Ctrl+C stops.").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            // Returns on Ctrl+C / SIGTERM (the token) or a stop requested by the host, after a graceful StopAsync.
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            await stdout.WriteLineAsync("cd4ml serve: stopped").ConfigureAwait(false);
            return ExitCodes.Completed;
        }
    }
}
