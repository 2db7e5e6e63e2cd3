using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Decides against the champion that is current now, publishes and moves the alias: the one part of a run that is
/// serialised per pipeline (the pipeline's promotion lock, a blob lease). Training, checks and champion scoring of
/// concurrent runs stay parallel. When the champion changed since the run evaluated it (its alias generation differs),
/// the new champion is scored on this run's holdout (same rows) and every gate is applied again, the winner's smoke
/// test and approval carried over; after <see cref="MaxRedecisions"/> changes the champion is kept and nothing is
/// published. So a version is published only on a decision against the champion it replaces.
/// </summary>
public sealed class PromoteWinnerActivity(
    ModelRegistry registry, PromotionQueue queue, ChampionScorer scorer, PromotionDecider decider, RunSpecs specs, VersionPublisher publisher)
    : TaskActivity<PromoteInput, PromoteOutput>
{
    /// <summary>How many times a run decides again against a changed champion before it gives up.</summary>
    public const int MaxRedecisions = 3;

    /// <summary>The words a run that gave up starts its message with.</summary>
    public const string KeptChanging = "champion kept: the champion kept changing";

    /// <summary>How long a run waits for another run of its pipeline to finish promoting.</summary>
    private static readonly TimeSpan s_lockWait = TimeSpan.FromMinutes(15);

    public override async Task<PromoteOutput> RunAsync(TaskActivityContext context, PromoteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        var spec = await specs.ResolveAsync(null, run.Pipeline, run.RunId).ConfigureAwait(false);
        var arrivedAt = input.Publish.Dataset.ArrivedAt;
        await using var ticket = await queue.JoinAsync(run.Pipeline, run.RunId, arrivedAt).ConfigureAwait(false);
        await using var promoting = await AcquireInArrivalOrderAsync(run, arrivedAt).ConfigureAwait(false);

        var champion = input.Champion;
        var decision = input.Publish.Decision;
        var redecisions = 0;
        while (true)
        {
            var (alias, _) = await registry.GetAliasAsync(run.Pipeline, ModelRegistry.Champion).ConfigureAwait(false);
            if (alias is not null && alias.RunId == run.RunId)
            {
                // A retried attempt: this run already moved the alias; make sure of its audit line and event.
                var again = await publisher.PublishAndMoveAsync(input.Publish with
                {
                    Decision = decision, ExpectedChampion = alias.Previous, ExpectedGeneration = alias.Generation - 1,
                }).ConfigureAwait(false);
                return new PromoteOutput(again, decision, champion, redecisions, again.Message);
            }

            if (await registry.RunMovedAliasAsync(run.Pipeline, ModelRegistry.Champion, run.RunId).ConfigureAwait(false))
            {
                // This run promoted its version once, and someone moved the alias away since (a rollback): a retried
                // attempt must not put it back. Deciding again is for runs that never moved it.
                return new PromoteOutput(null, decision, champion, redecisions,
                    $"{ModelRegistry.ChampionChanged}: this run's version was champion and was moved away since (now {Describe(alias)}); not moved again");
            }

            var evaluated = champion is null ? 0 : champion.Generation ?? alias?.Generation ?? 0;
            if ((alias?.Generation ?? 0) == evaluated)
            {
                var published = await publisher.PublishAndMoveAsync(input.Publish with
                {
                    Decision = decision, ExpectedChampion = champion?.Version, ExpectedGeneration = evaluated,
                }).ConfigureAwait(false);
                if (published.AliasOutcome != AliasMoveOutcome.Conflict)
                {
                    return new PromoteOutput(published, decision, champion, redecisions, published.Message);
                }

                // A person moved the alias between the read and the swap (runs of this pipeline wait for the lock).
                var (now, _) = await registry.GetAliasAsync(run.Pipeline, ModelRegistry.Champion).ConfigureAwait(false);
                alias = now;
            }

            if (redecisions == MaxRedecisions)
            {
                return new PromoteOutput(null, decision, champion, redecisions,
                    $"{KeptChanging}: it moved {redecisions + 1} times while this run decided (now {Describe(alias)}); nothing published");
            }

            redecisions++;
            champion = alias is null
                ? null
                : await scorer.ScoreAsync(alias, run.Pipeline, run.DatasetSha256, null, input.Shape, run.RunId,
                    RunArtifacts.ChampionVersionPredictions(run.Pipeline, run.RunId, alias.Version)).ConfigureAwait(false);
            decision = CarryOver(await decider.DecideAsync(spec, input.Candidates, champion).ConfigureAwait(false), input.Publish.Decision);
            if (!decision.Promote)
            {
                return new PromoteOutput(null, decision, champion, redecisions,
                    $"decided again against the current champion {Describe(alias)}: {decision.Summary}");
            }
        }
    }

    /// <summary>
    /// Takes the pipeline's promotion lock, stepping back while a run of an earlier dataset is also waiting for it, so
    /// runs that race publish in the order their datasets arrived and the newest dataset's run decides last. Waiting is
    /// bounded by <see cref="s_lockWait"/>; after that the lock is kept whoever is waiting (order is a courtesy, the
    /// generation check is what keeps decisions sound).
    /// </summary>
    private async Task<BlobLeaseLock> AcquireInArrivalOrderAsync(RunRef run, DateTimeOffset? arrivedAt)
    {
        var deadline = DateTime.UtcNow + s_lockWait;
        while (true)
        {
            // The whole wait, stepping back included, stays within s_lockWait (at least a moment for the last try).
            var left = deadline - DateTime.UtcNow;
            var held = await BlobLeaseLock.AcquireAsync(registry.PromotionLock(run.Pipeline), left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1))
                .ConfigureAwait(false);
            var ahead = await queue.AheadOfAsync(run.Pipeline, run.RunId, arrivedAt).ConfigureAwait(false);
            if (ahead.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return held;
            }

            await held.DisposeAsync().ConfigureAwait(false);
            // Long enough for the earlier run (retrying every second at most) to take the lock before this one again.
            await Task.Delay(TimeSpan.FromMilliseconds(1500 + Random.Shared.Next(0, 500))).ConfigureAwait(false);
        }
    }

    /// <summary>The gates the policy does not make (the winner's smoke test, a person's approval) keep their verdicts.</summary>
    private static Decision CarryOver(Decision redecided, Decision original) =>
        original.Gates.Where(g => g.Gate is PromotionPolicy.SmokeTestGate or ApprovalText.Gate).Aggregate(redecided, (d, g) => d.WithGate(g));

    private static string Describe(AliasRecord? alias) => alias is null ? "none" : $"v{alias.Version} (generation {alias.Generation})";
}
