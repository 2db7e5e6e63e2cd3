using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Training.Loading;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Events;
using Cd4ml.Pipeline.Governance;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Telemetry;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Registration shared by every host of the pipeline: the Functions app, <c>cd4ml</c> and the tests.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>The orchestrators of the pipeline; each needs a Functions adapter.</summary>
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(TrainingPipeline), typeof(ScoringPipeline), typeof(LiveMonitoring)];

    /// <summary>The activities of the pipeline; each needs a Functions adapter.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(SnapshotDatasetActivity),
        typeof(SnapshotDropActivity),
        typeof(ClaimContentActivity),
        typeof(ProfileDatasetActivity),
        typeof(FindChampionActivity),
        typeof(RunDataCheckActivity),
        typeof(QuarantineDatasetActivity),
        typeof(TrainCandidateActivity),
        typeof(EvaluateChampionActivity),
        typeof(DecidePromotionActivity),
        typeof(VerifyCandidateActivity),
        typeof(PublishVersionActivity),
        typeof(PromoteWinnerActivity),
        typeof(WriteRunReportActivity),
        typeof(RecordApprovalActivity),
        typeof(PlanScoringActivity),
        typeof(ScoreChunkActivity),
        typeof(QuarantineScoringActivity),
        typeof(CompleteScoringActivity),
        typeof(EvaluateMonitoringActivity),
    ];

    public static IServiceCollection AddCd4mlPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        // One client per storage service and one credential per host, from the setting the Functions runtime reads.
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(_ => StorageConnection.Credential(configuration));
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential) =>
                StorageConnection.Endpoint(configuration, "blob") switch
                {
                    { ConnectionString: { } connection } => new BlobServiceClient(connection, options),
                    var endpoint => new BlobServiceClient(endpoint.ServiceUri, credential, options),
                });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential) =>
                StorageConnection.Endpoint(configuration, "queue") switch
                {
                    { ConnectionString: { } connection } => new QueueServiceClient(connection, options),
                    var endpoint => new QueueServiceClient(endpoint.ServiceUri, credential, options),
                });
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton(sp => new SnapshotCache(sp.GetRequiredService<BlobServiceClient>(), configuration["Cd4ml:SnapshotCacheDirectory"],
            SnapshotCacheSettings.MaxBytes(configuration)));
        services.AddSingleton(_ => new SnapshotColumnsCache(TrainingDataCacheSettings.MaxBytes(configuration)));
        services.AddCd4mlLimits();
        services.AddSingleton<QuarantineStore>();
        services.AddSingleton<RunReportStore>();
        services.AddSingleton<ContentClaims>();
        services.AddSingleton<RunArtifacts>();
        services.AddSingleton<RunSpecs>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<PromotionQueue>();
        services.AddSingleton<ModelCardWriter>();
        services.AddSingleton(sp => new ModelEventPublisher(sp.GetRequiredService<QueueServiceClient>, sp.GetRequiredService<ILogger<ModelEventPublisher>>()));
        services.AddSingleton<ModelGovernance>();
        services.AddSingleton<ChampionScorer>();
        services.AddSingleton<MonitoringStore>();
        services.AddSingleton<IncidentActions>();
        services.AddSingleton<MonitoringEvaluator>();
        services.AddSingleton<MonitoringTrigger>();
        services.AddSingleton<PromotionDecider>();
        services.AddSingleton<VersionPublisher>();
        services.AddSingleton<ModelsApi>();
        services.AddSingleton<PipelineSpecStore>();
        services.AddSingleton<RunStarter>();
        services.AddSingleton<DatasetArrivalHandler>();
        services.AddSingleton<ScheduledRetrainingHandler>();
        services.AddSingleton<RunsApi>();
        services.AddCd4mlTriggers();
        services.AddSingleton<RunApprovalsApi>();
        services.AddSingleton<RunListApi>();
        services.AddCd4mlHttpSecurity(configuration);
        services.AddCd4mlDashboard();
        services.AddCd4mlScoring();
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
            // Wrapped so every activity execution is a span and a stage-duration measurement (Telemetry/ActivitySpans).
            registry.AddActivity(activity.Name, services => new TracedActivity(
                activity.Name, (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, activity)));
        }

        return registry;
    }
}
