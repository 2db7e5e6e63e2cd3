using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Activities;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Typed calls to the pipeline's activities. Activity names come from the class names here and nowhere else,
/// so a rename cannot leave a string behind.
/// </summary>
public static class PipelineActivities
{
    public static Task<string> SnapshotDatasetAsync(this TaskOrchestrationContext context, SnapshotInput input) =>
        context.CallActivityAsync<string>(nameof(SnapshotDatasetActivity), input, ActivityRetry.Transient);

    public static Task<SnapshotOutput> SnapshotDropAsync(this TaskOrchestrationContext context, SnapshotInput input) =>
        context.CallActivityAsync<SnapshotOutput>(nameof(SnapshotDropActivity), input, ActivityRetry.Transient);

    public static Task<ContentClaimResult> ClaimContentAsync(this TaskOrchestrationContext context, ClaimContentInput input) =>
        context.CallActivityAsync<ContentClaimResult>(nameof(ClaimContentActivity), input, ActivityRetry.Transient);

    public static Task<ProfileOutput> ProfileDatasetAsync(this TaskOrchestrationContext context, ProfileInput input) =>
        context.CallActivityAsync<ProfileOutput>(nameof(ProfileDatasetActivity), input, ActivityRetry.Transient);

    public static Task<ChampionReference?> FindChampionAsync(this TaskOrchestrationContext context, string pipeline) =>
        context.CallActivityAsync<ChampionReference?>(nameof(FindChampionActivity), pipeline, ActivityRetry.Transient);

    public static Task<IReadOnlyList<CheckResult>> RunDataCheckAsync(this TaskOrchestrationContext context, DataCheckInput input) =>
        context.CallActivityAsync<IReadOnlyList<CheckResult>>(nameof(RunDataCheckActivity), input, ActivityRetry.Transient);

    public static Task<string> QuarantineDatasetAsync(this TaskOrchestrationContext context, QuarantineInput input) =>
        context.CallActivityAsync<string>(nameof(QuarantineDatasetActivity), input, ActivityRetry.Transient);

    public static Task<CandidateResult> TrainCandidateAsync(this TaskOrchestrationContext context, TrainCandidateInput input) =>
        context.CallActivityAsync<CandidateResult>(nameof(TrainCandidateActivity), input, ActivityRetry.Transient);

    public static Task<ChampionResult?> EvaluateChampionAsync(this TaskOrchestrationContext context, EvaluateChampionInput input) =>
        context.CallActivityAsync<ChampionResult?>(nameof(EvaluateChampionActivity), input, ActivityRetry.Transient);

    public static Task<Decision> DecidePromotionAsync(this TaskOrchestrationContext context, DecideInput input) =>
        context.CallActivityAsync<Decision>(nameof(DecidePromotionActivity), input, ActivityRetry.Transient);

    public static Task<VerifyOutput> VerifyCandidateAsync(this TaskOrchestrationContext context, VerifyInput input) =>
        context.CallActivityAsync<VerifyOutput>(nameof(VerifyCandidateActivity), input, ActivityRetry.Transient);

    public static Task<PublishOutput> PublishVersionAsync(this TaskOrchestrationContext context, PublishInput input) =>
        context.CallActivityAsync<PublishOutput>(nameof(PublishVersionActivity), input, ActivityRetry.Transient);

    public static Task<PromoteOutput> PromoteWinnerAsync(this TaskOrchestrationContext context, PromoteInput input) =>
        context.CallActivityAsync<PromoteOutput>(nameof(PromoteWinnerActivity), input, ActivityRetry.Transient);

    public static Task<bool> WriteRunReportAsync(this TaskOrchestrationContext context, RunRecord record) =>
        context.CallActivityAsync<bool>(nameof(WriteRunReportActivity), new WriteReportInput(record), ActivityRetry.Transient);

    public static Task<bool> RecordApprovalAsync(this TaskOrchestrationContext context, ApprovalAuditInput input) =>
        context.CallActivityAsync<bool>(nameof(RecordApprovalActivity), input, ActivityRetry.Transient);
}
