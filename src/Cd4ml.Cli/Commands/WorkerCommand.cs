using System.CommandLine;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Hosting.Durable;
using Cd4ml.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml worker</c>: one more process on the task hub. It runs orchestrator and activity work of every run that any
/// <c>cd4ml serve</c>, <c>run</c> or other worker started on the same storage account and task hub, with no HTTP and
/// no triggers; start as many as there are cores or machines to spare. Killed, its work is taken over by the others.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var storage = new Option<string?>("--storage") { Description = "Storage connection string; default: the AzureWebJobsStorage setting, else UseDevelopmentStorage=true (Azurite)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also log framework, Durable Task and gRPC messages." };
        var command = new Command("worker", "Join the task hub and run pipeline work (orchestrations and activities) until Ctrl+C.") { storage, verbose };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(storage), parse.GetValue(verbose), stdout, stderr, ct));
        return command;
    }

    internal static async Task<int> RunAsync(string? storage, bool verbose, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables();
        if (storage is not null)
        {
            builder.Configuration[StorageConnection.SettingName] = storage;
        }

        var durable = DurableServiceCollectionExtensions.ReadDurableOptions(builder.Configuration);
        if (durable.Backend != DurableBackendKind.AzureStorage)
        {
            await stderr.WriteLineAsync($"error: cd4ml worker needs the AzureStorage backend ({DurableOptions.Section}:Backend is {durable.Backend}): an in-memory task hub has nothing to share").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        ServeHost.ConfigureLogging(builder.Logging, verbose);
        builder.Services.AddCd4mlPipeline(builder.Configuration);
        builder.Services.AddCd4mlDurable(builder.Configuration, durable);
        using var host = builder.Build();
        await host.StartAsync(ct).ConfigureAwait(false);
        await stdout.WriteLineAsync($"cd4ml worker {WorkerIdentity.Current}: joined task hub '{durable.TaskHub}', {durable.EffectiveMaxConcurrentActivities} activities at a time. Ctrl+C stops.").ConfigureAwait(false);
        await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);

        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: stop taking work and hand the partitions back.
        }

        using var stop = new CancellationTokenSource(ServeHost.ShutdownTimeout);
        await host.StopAsync(stop.Token).ConfigureAwait(false);
        await stdout.WriteLineAsync($"cd4ml worker {WorkerIdentity.Current}: stopped").ConfigureAwait(false);
        return ExitCodes.Completed;
    }
}
