using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Orchestration;
using Cd4ml.Pipeline.Scoring;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Cd4ml.Functions.Orchestration;

/// <summary>
/// The pipeline's orchestrators as Functions. The Durable source generator is not available here, so each adapter is
/// written by hand; a test checks that every orchestrator of Cd4ml.Pipeline has one.
/// </summary>
public static class OrchestratorFunctions
{
    [Function(nameof(TrainingPipeline))]
    public static Task<RunRecord> TrainingPipeline([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new TrainingPipeline().RunAsync(context, context.GetInput<PipelineRunRequest>()!);

    [Function(nameof(ScoringPipeline))]
    public static Task<ScoringRecord> ScoringPipeline([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ScoringPipeline().RunAsync(context, context.GetInput<ScoringRequest>()!);
    [Function(nameof(LiveMonitoring))]
    public static Task<MonitoringSummary?> LiveMonitoring([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new LiveMonitoring().RunAsync(context, context.GetInput<MonitoringRequest>()!);
}
