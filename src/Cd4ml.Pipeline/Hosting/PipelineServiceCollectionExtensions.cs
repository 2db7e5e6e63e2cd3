using Azure.Storage.Blobs;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Registration shared by every host of the pipeline: the Functions app, <c>cd4ml</c> and the tests.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>The orchestrators of the pipeline; each needs a Functions adapter.</summary>
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(TrainingPipeline)];

    /// <summary>The activities of the pipeline; each needs a Functions adapter.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(SnapshotDatasetActivity),
        typeof(CheckDatasetActivity),
        typeof(QuarantineDatasetActivity),
        typeof(TrainCandidateActivity),
        typeof(EvaluateChampionActivity),
        typeof(PublishVersionActivity),
        typeof(WriteRunReportActivity),
    ];

    public static IServiceCollection AddCd4mlPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        // One storage client per host, built from the same setting the Functions runtime reads.
        services.AddAzureClients(clients => clients.AddClient<BlobServiceClient, BlobClientOptions>(
            options => StorageConnection.Create(configuration, options)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton(sp => new SnapshotCache(sp.GetRequiredService<BlobServiceClient>(), configuration["Cd4ml:SnapshotCacheDirectory"]));
        services.AddSingleton<QuarantineStore>();
        services.AddSingleton<RunReportStore>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<PipelineSpecStore>();
        services.AddSingleton<RunStarter>();
        services.AddSingleton<DatasetArrivalHandler>();
        services.AddSingleton<ScheduledRetrainingHandler>();
        services.AddSingleton<RunsApi>();
        foreach (var activity in Activities)
        {
            services.AddTransient(activity);
        }

        return services;
    }

    /// <summary>Registers the pipeline's orchestrators and activities with a Durable Task worker.</summary>
    public static DurableTaskRegistry AddCd4mlTasks(this DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }
}
