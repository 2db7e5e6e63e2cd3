using System.Globalization;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// One run of a pipeline: snapshot → checks (quarantine on failure) → candidates in parallel → champion on
/// the same holdout → decision → publish and move <c>champion</c> → run report.
/// Deterministic: no clock, I/O or randomness here; everything with effects is an activity.
/// </summary>
public sealed class TrainingPipeline : TaskOrchestrator<PipelineRunRequest, RunRecord>
{
    public override async Task<RunRecord> RunAsync(TaskOrchestrationContext context, PipelineRunRequest input)
    {
        var log = context.CreateReplaySafeLogger<TrainingPipeline>();
        var spec = input.Spec;
        var runId = context.InstanceId;
        var record = new RunRecord
        {
            RunId = runId,
            Pipeline = spec.Name,
            Outcome = RunOutcome.Failed,
            Message = "started",
            Trigger = input.Trigger,
            Dataset = new DatasetLineage(input.Dataset.Blob, input.Dataset.Sha256, "", 0, input.Dataset.ArrivedAt),
            SpecHash = input.SpecHash,
            StartedAt = context.CurrentUtcDateTime,
            PipelineVersion = context.Version,
        };
        PipelineLog.RunStarted(log, runId, spec.Name, input.Dataset.Blob);

        try
        {
            record = await RunStagesAsync(context, input, record).ConfigureAwait(true);
        }
        catch (TaskFailedException ex)
        {
            // The champion is untouched: publishing is the last step and moves the alias only by compare-and-swap.
            record = record with { Outcome = RunOutcome.Failed, Message = $"{ex.TaskName} failed: {ex.FailureDetails.ErrorMessage}" };
            PipelineLog.RunFailed(log, runId, ex.TaskName, ex.FailureDetails.ErrorMessage);
        }

        record = record with { CompletedAt = context.CurrentUtcDateTime };
        context.SetCustomStatus(new RunProgress(RunStages.Reporting, record.Message));
        await context.WriteRunReportAsync(record).ConfigureAwait(true);
        context.SetCustomStatus(new RunProgress(RunStages.Done, record.Message));
        PipelineLog.RunCompleted(log, runId, record.Outcome.ToString(), record.Message);
        return record;
    }

    private static async Task<RunRecord> RunStagesAsync(TaskOrchestrationContext context, PipelineRunRequest input, RunRecord record)
    {
        var spec = input.Spec;
        var runId = context.InstanceId;

        context.SetCustomStatus(new RunProgress(RunStages.Snapshot, input.Dataset.Blob));
        string snapshotBlob;
        if (context.CompareVersionTo(PipelineVersions.RunHashes) < 0)
        {
            // Version 1 (and runs from before versions): the trigger hashed the dataset and named the run by its content.
            snapshotBlob = await context.SnapshotDatasetAsync(new SnapshotInput(spec.Name, input.Dataset)).ConfigureAwait(true);
        }
        else
        {
            var snapshot = await context.SnapshotDropAsync(new SnapshotInput(spec.Name, input.Dataset)).ConfigureAwait(true);
            (input, snapshotBlob) = (input with { Dataset = snapshot.Dataset }, snapshot.SnapshotBlob);
            record = record with { Dataset = new DatasetLineage(input.Dataset.Blob, input.Dataset.Sha256, snapshotBlob, 0, input.Dataset.ArrivedAt) };
            if (!input.Repeat)
            {
                // Content still decides what ran: a second blob version with the same bytes and spec ends here.
                var contentRunId = RunIds.For(spec.Name, input.Dataset.Sha256, input.SpecHash, PackageVersions.Cd4ml, input.Trigger.Commit);
                var claim = await context.ClaimContentAsync(new ClaimContentInput(spec.Name, runId, contentRunId, context.CurrentUtcDateTime)).ConfigureAwait(true);
                if (claim.DuplicateOf is { } first)
                {
                    return record with { Outcome = RunOutcome.AlreadyRan, DuplicateOf = first, Message = claim.Reason };
                }
            }
        }

        // From version 3 on activities get the run by reference and read its stored spec; earlier runs pass it inline.
        var byReference = context.CompareVersionTo(PipelineVersions.SpecByReference) >= 0;
        var inlineSpec = byReference ? null : spec;
        var run = byReference ? new RunRef(runId, spec.Name, input.Dataset.Sha256, input.SpecHash) : null;

        // One streaming read of the snapshot re-hashes and profiles it; every check then reads the stored profile.
        context.SetCustomStatus(new RunProgress(RunStages.Profiling, snapshotBlob));
        var profile = await context.ProfileDatasetAsync(new ProfileInput(spec.Name, input.Dataset.Sha256, spec.Label)).ConfigureAwait(true);
        var championAtStart = await context.FindChampionAsync(spec.Name).ConfigureAwait(true);

        var checkNames = DataChecks.Names;
        context.SetCustomStatus(new RunProgress(RunStages.Checks, $"{checkNames.Count} checks on {profile.Rows} rows"));
        var checkResults = await Task.WhenAll(checkNames.Select(name => context.RunDataCheckAsync(
            new DataCheckInput(spec.Name, input.Dataset.Sha256, inlineSpec, name, championAtStart, run)))).ConfigureAwait(true);
        var check = new CheckOutput(profile.Rows, [.. checkResults.SelectMany(r => r)], profile.Shape);
        var lineage = new DatasetLineage(input.Dataset.Blob, input.Dataset.Sha256, snapshotBlob, check.Rows, input.Dataset.ArrivedAt);
        record = record with { Dataset = lineage, Checks = check.Checks };

        if (!check.Passed)
        {
            context.SetCustomStatus(new RunProgress(RunStages.Quarantine, "dataset failed its checks"));
            var folder = await context.QuarantineDatasetAsync(
                new QuarantineInput(runId, spec.Name, input.Dataset, context.CurrentUtcDateTime, check.Checks)).ConfigureAwait(true);
            var failed = check.Checks.Where(c => c.Status == CheckStatus.Fail).Select(c => $"{c.Name}: {c.Message}");
            return record with
            {
                Outcome = RunOutcome.DataRejected,
                QuarantineFolder = folder,
                Message = $"dataset rejected and quarantined in {folder}: {string.Join("; ", failed)}",
            };
        }

        IReadOnlyList<CandidateResult> candidates;
        if (spec.Search is null)
        {
            var planned = CandidatePlan.Expand(spec);
            context.SetCustomStatus(new RunProgress(RunStages.Training, $"{planned.Count} candidate(s)"));
            var training = planned.Select(candidate => context.TrainCandidateAsync(
                new TrainCandidateInput(runId, spec.Name, input.Dataset.Sha256, inlineSpec, check.Shape, candidate.Id, candidate.Trainer, run)));
            candidates = await Task.WhenAll(training).ConfigureAwait(true);
            record = record with { Candidates = candidates };
        }
        else
        {
            var searched = await SearchStage.RunAsync(context, spec, (id, trainer, budget) =>
                new TrainCandidateInput(runId, spec.Name, input.Dataset.Sha256, inlineSpec, check.Shape, id, trainer, run) { Budget = budget }).ConfigureAwait(true);
            candidates = searched.Candidates;
            record = record with { Candidates = candidates, Search = searched.Report };
        }

        context.SetCustomStatus(new RunProgress(RunStages.Champion, "scoring the champion on the same holdout"));
        var champion = await context.EvaluateChampionAsync(new EvaluateChampionInput(spec.Name, input.Dataset.Sha256, inlineSpec, check.Shape, runId, run)).ConfigureAwait(true);
        record = record with { Champion = champion };

        context.SetCustomStatus(new RunProgress(RunStages.Deciding, spec.Promotion.PrimaryMetric));
        var decision = await context.DecidePromotionAsync(new DecideInput(inlineSpec, candidates, champion, run)).ConfigureAwait(true);
        record = record with { Decision = decision };

        if (!decision.Promote)
        {
            return record with { Outcome = RunOutcome.ChampionKept, Message = decision.Summary };
        }

        // The last automatic gate: the winner must load back from storage, match its hash and score rows.
        context.SetCustomStatus(new RunProgress(RunStages.SmokeTest, decision.WinnerId!));
        var winner = candidates.Single(c => c.Id == decision.WinnerId);
        var verification = await context.VerifyCandidateAsync(new VerifyInput(spec.Name, runId, input.Dataset.Sha256, inlineSpec, check.Shape, winner, run)).ConfigureAwait(true);
        decision = decision.WithGate(SmokeGate(verification.SmokeTest));
        record = record with { Decision = decision, SmokeTest = verification.SmokeTest, Edge = verification.Edge };
        if (!decision.Promote)
        {
            return record with { Outcome = RunOutcome.ChampionKept, Message = decision.Summary };
        }

        string? approvedBy = null;
        if (spec.Approval == ApprovalModes.Manual)
        {
            (decision, var stopped, var approver) = await ApprovalGate.AwaitAsync(context, spec, decision).ConfigureAwait(true);
            approvedBy = stopped is null ? approver : null;
            record = record with { Decision = decision };
            var answer = decision.Gates[^1];
            await context.RecordApprovalAsync(new ApprovalAuditInput(spec.Name, runId, stopped is null ? "approve" : stopped == RunOutcome.Expired ? "expire" : "reject",
                approver, answer.Reason, context.CurrentUtcDateTime)).ConfigureAwait(true);
            if (stopped is { } outcome)
            {
                return record with { Outcome = outcome, Message = answer.Reason };
            }
        }

        context.SetCustomStatus(new RunProgress(RunStages.Publishing, decision.WinnerId!));
        var publish = new PublishInput(runId, byReference ? null : input, lineage, winner, champion?.Version, decision, context.CurrentUtcDateTime, check.Checks, verification,
            approvedBy, run, input.Trigger, champion is null ? 0 : champion.Generation) { Search = record.Search };
        if (context.CompareVersionTo(PipelineVersions.DecideAtPublish) >= 0)
        {
            // Version 4: decide against the champion current at publish time, under the pipeline's promotion lock.
            var promoted = await context.PromoteWinnerAsync(new PromoteInput(run!, check.Shape, candidates, champion, publish)).ConfigureAwait(true);
            record = record with { Decision = promoted.Decision, Champion = promoted.Champion, Redecisions = promoted.Redecisions };
            return promoted.Published switch
            {
                null => record with { Outcome = RunOutcome.ChampionKept, Message = promoted.Message },
                { AliasOutcome: AliasMoveOutcome.Conflict } p => record with
                {
                    Outcome = RunOutcome.ChampionKept, PublishedVersion = p.Version, Message = $"v{p.Version} published but not promoted: {p.Message}",
                },
                var p => record with { Outcome = RunOutcome.Promoted, PublishedVersion = p.Version, Message = $"v{p.Version} is champion: {promoted.Decision.Summary}" },
            };
        }

        var published = await context.PublishVersionAsync(publish).ConfigureAwait(true);

        return published.AliasOutcome == AliasMoveOutcome.Conflict
            ? record with { Outcome = RunOutcome.ChampionKept, PublishedVersion = published.Version, Message = $"v{published.Version} published but not promoted: {published.Message}" }
            : record with { Outcome = RunOutcome.Promoted, PublishedVersion = published.Version, Message = $"v{published.Version} is champion: {decision.Summary}" };
    }

    private static GateResult SmokeGate(SmokeTestSummary smoke) => smoke.Passed
        ? new GateResult(PromotionPolicy.SmokeTestGate, true,
            string.Create(CultureInfo.InvariantCulture, $"{smoke.RowsScored} rows, p50 {smoke.P50Ms:0.###} ms, p99 {smoke.P99Ms:0.###} ms"),
            "loads, hash matches, every score finite",
            "the model loads back from storage, its SHA-256 matches, and it scored every sample row one at a time")
        : new GateResult(PromotionPolicy.SmokeTestGate, false, smoke.Reason ?? "failed", "loads, hash matches, every score finite",
            $"the model failed its smoke test ({smoke.Reason}); it is not promoted");
}
