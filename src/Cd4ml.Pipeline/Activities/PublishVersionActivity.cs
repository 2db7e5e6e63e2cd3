using System.Security.Cryptography;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Governance;
using Cd4ml.Pipeline.Hosting;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Publishes the winning candidate as the next immutable version with its manifest and model card, then moves the
/// <c>champion</c> alias by compare-and-swap and announces the move on the <c>model-events</c> queue. Safe to run
/// twice: the second run finds its version, its card and the alias already moved.
/// </summary>
public sealed class PublishVersionActivity(VersionPublisher publisher) : TaskActivity<PublishInput, PublishOutput>
{
    public override Task<PublishOutput> RunAsync(TaskActivityContext context, PublishInput input) => publisher.PublishAndMoveAsync(input);
}

/// <summary>
/// Publishes a run's winner as the next version (manifest, model, edge model, card) and moves <c>champion</c> to it by
/// compare-and-swap on the generation the decision was made against. Safe to run twice.
/// </summary>
public sealed class VersionPublisher(
    ModelRegistry registry, RunArtifacts artifacts, RunSpecs specs, ModelCardWriter cards, ModelGovernance governance, DashboardIndexStore index)
{
    public async Task<PublishOutput> PublishAndMoveAsync(PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var winner = input.Winner;
        var staged = await artifacts.ReadAsync(winner.ModelBlob!).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(staged.ToMemory().Span));
        if (sha != winner.Sha256)
        {
            throw new InvalidDataException($"staged model {winner.ModelBlob} has SHA-256 {sha}, but training recorded {winner.Sha256}; not publishing it");
        }

        // Runs of version 3 on send the run by reference; earlier ones sent the whole request with the spec.
        var spec = await specs.ResolveAsync(input.Request?.Spec, input.Run?.Pipeline ?? input.Request?.Spec.Name ?? "", input.RunId).ConfigureAwait(false);
        var trigger = input.Request?.Trigger ?? input.Trigger!;
        var manifest = new ModelManifest
        {
            Pipeline = spec.Name,
            RunId = input.RunId,
            CreatedAt = input.At,
            Dataset = input.Dataset,
            SpecHash = input.Request?.SpecHash ?? input.Run!.SpecHash,
            Spec = spec,
            CandidateId = winner.Id,
            Trainer = winner.Trainer,
            Parameters = winner.Parameters,
            Seed = spec.Seed,
            Metrics = winner.Metrics,
            ModelSha256 = sha,
            ModelBytes = staged.ToMemory().Length,
            PackageVersions = PackageVersions.Current,
            Trigger = trigger,
            Decision = input.Decision,
            Checks = input.Checks ?? [],
            ComparedWithVersion = input.ExpectedChampion,
            TrainingSeconds = winner.TrainingSeconds,
            SmokeTest = input.Verification?.SmokeTest,
            Edge = input.Verification?.Edge,
            DecisionThreshold = winner.DecisionThreshold,
            Selection = winner.Selection,
            Curves = winner.Curves,
            Search = input.Search,
        };

        var published = await registry.PublishVersionAsync(manifest, staged).ConfigureAwait(false);
        if (input.Verification?.OnnxBlob is { } onnxBlob && published.Edge is { Published: true })
        {
            var onnx = await artifacts.ReadAsync(onnxBlob).ConfigureAwait(false);
            await registry.PublishEdgeModelAsync(published, onnx).ConfigureAwait(false);
        }

        // The card is written before the alias moves, so a champion always has one.
        await cards.WriteAsync(published).ConfigureAwait(false);
        await index.AddVersionAsync(published).ConfigureAwait(false);
        CrashPoints.Hit(CrashPoints.VersionWritten);
        // A manually approved promotion is moved by its approver (given as data; runs of versions before 3 kept it only in
        // the approval gate's text); otherwise by whoever the host authenticated as starting the run, or by the trigger.
        // Never by the requestedBy a caller claimed: anyone who may start a run could name anyone there.
        var by = input.ApprovedBy ?? ApprovalText.ApproverOf(input.Decision)
            ?? trigger.Actor ?? $"{trigger.Kind}:{trigger.Source}";
        var move = await governance.MoveForRunAsync(published, ModelRegistry.Champion, input.ExpectedChampion, by, input.Decision.Summary, input.At,
            expectedGeneration: input.ExpectedGeneration).ConfigureAwait(false);
        CrashPoints.Hit(CrashPoints.AliasMoved);
        return new PublishOutput(published.Version, move.Outcome, move.Message);
    }
}
