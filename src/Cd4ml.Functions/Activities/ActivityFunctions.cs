using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Scoring;
using Cd4ml.Pipeline.Monitoring;
using Cd4ml.Pipeline.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Activities;

/// <summary>
/// The pipeline's activities as Functions: each adapter resolves the activity class from DI (registered by
/// <c>AddCd4mlPipeline</c>) and runs it, so the logic lives once in Cd4ml.Pipeline. A test checks that every activity
/// has an adapter named after it.
/// </summary>
public static class ActivityFunctions
{
    [Function(nameof(SnapshotDatasetActivity))]
    public static Task<string> SnapshotDataset([ActivityTrigger] SnapshotInput input, FunctionContext context) =>
        RunAsync<SnapshotDatasetActivity, SnapshotInput, string>(input, context);

    [Function(nameof(SnapshotDropActivity))]
    public static Task<SnapshotOutput> SnapshotDrop([ActivityTrigger] SnapshotInput input, FunctionContext context) =>
        RunAsync<SnapshotDropActivity, SnapshotInput, SnapshotOutput>(input, context);

    [Function(nameof(ClaimContentActivity))]
    public static Task<ContentClaimResult> ClaimContent([ActivityTrigger] ClaimContentInput input, FunctionContext context) =>
        RunAsync<ClaimContentActivity, ClaimContentInput, ContentClaimResult>(input, context);

    [Function(nameof(ProfileDatasetActivity))]
    public static Task<ProfileOutput> ProfileDataset([ActivityTrigger] ProfileInput input, FunctionContext context) =>
        RunAsync<ProfileDatasetActivity, ProfileInput, ProfileOutput>(input, context);

    [Function(nameof(FindChampionActivity))]
    public static Task<ChampionReference?> FindChampion([ActivityTrigger] string input, FunctionContext context) =>
        RunAsync<FindChampionActivity, string, ChampionReference?>(input, context);

    [Function(nameof(RunDataCheckActivity))]
    public static Task<IReadOnlyList<CheckResult>> RunDataCheck([ActivityTrigger] DataCheckInput input, FunctionContext context) =>
        RunAsync<RunDataCheckActivity, DataCheckInput, IReadOnlyList<CheckResult>>(input, context);

    [Function(nameof(QuarantineDatasetActivity))]
    public static Task<string> QuarantineDataset([ActivityTrigger] QuarantineInput input, FunctionContext context) =>
        RunAsync<QuarantineDatasetActivity, QuarantineInput, string>(input, context);

    [Function(nameof(TrainCandidateActivity))]
    public static Task<CandidateResult> TrainCandidate([ActivityTrigger] TrainCandidateInput input, FunctionContext context) =>
        RunAsync<TrainCandidateActivity, TrainCandidateInput, CandidateResult>(input, context);

    [Function(nameof(EvaluateChampionActivity))]
    public static Task<ChampionResult?> EvaluateChampion([ActivityTrigger] EvaluateChampionInput input, FunctionContext context) =>
        RunAsync<EvaluateChampionActivity, EvaluateChampionInput, ChampionResult?>(input, context);

    [Function(nameof(DecidePromotionActivity))]
    public static Task<Decision> DecidePromotion([ActivityTrigger] DecideInput input, FunctionContext context) =>
        RunAsync<DecidePromotionActivity, DecideInput, Decision>(input, context);

    [Function(nameof(VerifyCandidateActivity))]
    public static Task<VerifyOutput> VerifyCandidate([ActivityTrigger] VerifyInput input, FunctionContext context) =>
        RunAsync<VerifyCandidateActivity, VerifyInput, VerifyOutput>(input, context);

    [Function(nameof(PublishVersionActivity))]
    public static Task<PublishOutput> PublishVersion([ActivityTrigger] PublishInput input, FunctionContext context) =>
        RunAsync<PublishVersionActivity, PublishInput, PublishOutput>(input, context);

    [Function(nameof(PromoteWinnerActivity))]
    public static Task<PromoteOutput> PromoteWinner([ActivityTrigger] PromoteInput input, FunctionContext context) =>
        RunAsync<PromoteWinnerActivity, PromoteInput, PromoteOutput>(input, context);

    [Function(nameof(WriteRunReportActivity))]
    public static Task<bool> WriteRunReport([ActivityTrigger] WriteReportInput input, FunctionContext context) =>
        RunAsync<WriteRunReportActivity, WriteReportInput, bool>(input, context);

    [Function(nameof(RecordApprovalActivity))]
    public static Task<bool> RecordApproval([ActivityTrigger] ApprovalAuditInput input, FunctionContext context) =>
        RunAsync<RecordApprovalActivity, ApprovalAuditInput, bool>(input, context);

    [Function(nameof(PlanScoringActivity))]
    public static Task<ScoringPlan> PlanScoring([ActivityTrigger] ScoringRequest input, FunctionContext context) =>
        RunAsync<PlanScoringActivity, ScoringRequest, ScoringPlan>(input, context);

    [Function(nameof(ScoreChunkActivity))]
    public static Task<ChunkResult> ScoreChunk([ActivityTrigger] ScoreChunkInput input, FunctionContext context) =>
        RunAsync<ScoreChunkActivity, ScoreChunkInput, ChunkResult>(input, context);

    [Function(nameof(QuarantineScoringActivity))]
    public static Task<string> QuarantineScoring([ActivityTrigger] QuarantineScoringInput input, FunctionContext context) =>
        RunAsync<QuarantineScoringActivity, QuarantineScoringInput, string>(input, context);

    [Function(nameof(CompleteScoringActivity))]
    public static Task<string> CompleteScoring([ActivityTrigger] CompleteScoringInput input, FunctionContext context) =>
        RunAsync<CompleteScoringActivity, CompleteScoringInput, string>(input, context);
    [Function(nameof(EvaluateMonitoringActivity))]
    public static Task<MonitoringSummary?> EvaluateMonitoring([ActivityTrigger] string input, FunctionContext context) =>
        RunAsync<EvaluateMonitoringActivity, string, MonitoringSummary?>(input, context);

    private static Task<TOut> RunAsync<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : TaskActivity<TIn, TOut>
    {
        var activity = context.InstanceServices.GetRequiredService<TActivity>();
        var activityContext = FunctionsActivityContext.From(typeof(TActivity).Name, context);
        // The same span and stage metric as the local host's TracedActivity, so both hosts report activities alike.
        return ActivitySpans.RunAsync(typeof(TActivity).Name, activityContext.InstanceId, () => activity.RunAsync(activityContext, input));
    }
}
