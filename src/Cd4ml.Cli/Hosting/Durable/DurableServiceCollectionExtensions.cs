using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cd4ml.Pipeline.Hosting;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Cli.Hosting.Durable;

/// <summary>
/// The durable engine of every local host (<c>cd4ml run</c>, <c>serve</c>, <c>worker</c>), composed once: the
/// Durable Task worker and client over gRPC to a sidecar in this process, which stores orchestration state with
/// the Azure Storage backend on the configured account (<c>Cd4ml:Durable</c>, see <see cref="DurableOptions"/>),
/// or in memory when asked.
/// </summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>How long start-up waits for the task hub's storage before it gives up naming the endpoint.</summary>
    private static readonly TimeSpan ReachabilityLimit = TimeSpan.FromSeconds(20);

    /// <summary>Reads and checks <c>Cd4ml:Durable</c>; throws <see cref="InvalidDurableSettingsException"/> before anything starts.</summary>
    public static DurableOptions ReadDurableOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DurableOptions();
        configuration.GetSection(DurableOptions.Section).Bind(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidDurableSettingsException(problems);
        }

        return options;
    }

    public static IServiceCollection AddCd4mlDurable(this IServiceCollection services, IConfiguration configuration, DurableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddCd4mlDurableJson();
        var address = $"http://127.0.0.1:{LoopbackPort.Next()}";
        if (options.Backend == DurableBackendKind.InMemory)
        {
            services.AddInMemoryDurableTask(tasks => tasks.AddCd4mlTasks(), new InMemoryDurableTaskOptions { Port = new Uri(address).Port });
            return services;
        }

        // Registered before the worker so the sidecar listens before the worker connects (hosted services start in order).
        services.AddHostedService(sp => new DurableSidecar(
            address,
            ct => StartAzureStorageBackendAsync(configuration, options, sp.GetRequiredService<ILoggerFactory>(), ct),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(address);
            builder.AddTasks(tasks => tasks.AddCd4mlTasks());
            builder.Configure(worker => worker.Concurrency.MaximumConcurrentActivityWorkItems = options.EffectiveMaxConcurrentActivities);
        });
        services.AddDurableTaskClient(builder => builder.UseGrpc(address).RegisterDirectly());
        return services;
    }

    private static async Task<(IOrchestrationService, IOrchestrationServiceClient)> StartAzureStorageBackendAsync(
        IConfiguration configuration, DurableOptions options, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var accounts = StorageAccounts(configuration);
        await EnsureReachableAsync(configuration, ct).ConfigureAwait(false);
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = accounts,
            TaskHubName = options.TaskHub,
            PartitionCount = options.PartitionCount,
            // Reading the partition table can take longer than the 2 s default on a busy 2-core machine; a timeout only retries.
            PartitionTableOperationTimeout = TimeSpan.FromSeconds(15),
            // This process in the partition leases, and in each candidate's record (host name and process id).
            WorkerId = WorkerIdentity.Current,
            MaxConcurrentTaskActivityWorkItems = options.EffectiveMaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = Math.Max(10, options.EffectiveMaxConcurrentActivities * 4),
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseInterval / 3,
            LeaseAcquireInterval = options.LeaseInterval / 3,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            LoggerFactory = loggerFactory,
        };
        var backend = new AzureStorageOrchestrationService(settings);
        await backend.CreateIfNotExistsAsync().ConfigureAwait(false);
        var dispatched = new ActivityLockRenewal(backend, options.WorkItemVisibilityTimeout, loggerFactory.CreateLogger("Cd4ml.Durable"));
        return (dispatched, backend);
    }

    /// <summary>The same account as the pipeline's blobs: a connection string locally, identity-based settings in Azure.</summary>
    private static StorageAccountClientProvider StorageAccounts(IConfiguration configuration)
    {
        var blob = StorageConnection.Endpoint(configuration, "blob");
        if (blob.ConnectionString is { } connection)
        {
            return new StorageAccountClientProvider(connection);
        }

        return new StorageAccountClientProvider(
            blob.ServiceUri!,
            StorageConnection.Endpoint(configuration, "queue").ServiceUri!,
            StorageConnection.Endpoint(configuration, "table").ServiceUri!,
            StorageConnection.Credential(configuration));
    }

    /// <summary>
    /// Asks the blob and table services once, with short timeouts, so an unreachable account (Azurite not started, a
    /// connection string without <c>TableEndpoint</c>) stops start-up within seconds naming the endpoint, instead of
    /// the backend retrying for minutes.
    /// </summary>
    private static async Task EnsureReachableAsync(IConfiguration configuration, CancellationToken ct)
    {
        var blob = StorageConnection.Endpoint(configuration, "blob");
        if (blob.ConnectionString is not { } connection)
        {
            return; // Identity-based (Azure): the platform's account; failures surface with their own messages.
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(ReachabilityLimit);
        var blobs = new BlobServiceClient(connection, new BlobClientOptions { Retry = { MaxRetries = 2, NetworkTimeout = TimeSpan.FromSeconds(5) } });
        var tables = new TableServiceClient(connection, new TableClientOptions { Retry = { MaxRetries = 2, NetworkTimeout = TimeSpan.FromSeconds(5) } });
        await ProbeAsync("blob", blobs.Uri, token => blobs.GetPropertiesAsync(token), limit.Token).ConfigureAwait(false);
        await ProbeAsync("table", tables.Uri, token => tables.GetPropertiesAsync(token), limit.Token).ConfigureAwait(false);
    }

    private static async Task ProbeAsync(string service, Uri endpoint, Func<CancellationToken, Task> call, CancellationToken ct)
    {
        try
        {
            await call(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or OperationCanceledException or AggregateException)
        {
            throw new DurableStorageUnreachableException(
                $"the task hub's {service} service at {endpoint} did not answer ({Innermost(ex).Message.Split('\n')[0]}); start Azurite with " +
                "`bash infra/start-azurite.sh` or set AzureWebJobsStorage (a connection string needs BlobEndpoint, QueueEndpoint and TableEndpoint)", ex);
        }
    }

    private static Exception Innermost(Exception ex) => ex is AggregateException { InnerExceptions: [var first, ..] } ? Innermost(first)
        : ex.InnerException is { } inner ? Innermost(inner) : ex;
}
