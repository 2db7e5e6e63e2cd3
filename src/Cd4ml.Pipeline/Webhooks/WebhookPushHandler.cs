using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>How a delivery was handled.</summary>
public enum PushStatus
{
    /// <summary>At least one run was started or already existed for this commit.</summary>
    Accepted,

    /// <summary>Filtered out (branch, paths) or nothing could run; the reasons say why.</summary>
    Ignored,

    /// <summary>Every affected pipeline is unknown: no spec is stored for it.</summary>
    UnknownPipeline,

    /// <summary>This delivery id, or this commit of this repository, was received before; the earlier record is returned.</summary>
    Duplicate,

    /// <summary>The repository is not in <see cref="WebhookOptions.Repositories"/>: nothing is read, stored or started.</summary>
    Forbidden,
}

public sealed record PushResult(PushStatus Status, string DeliveryId, IReadOnlyList<WebhookRun> Runs, IReadOnlyList<string> Reasons);

/// <summary>
/// An authenticated push, whichever service sent it: dedupe by delivery id, route to the affected pipelines, store a
/// changed spec fetched at the commit (GitHub, with a token), and start each pipeline on its newest dataset. Runs are
/// started, never awaited, so the sender gets its answer within seconds.
/// </summary>
public sealed class WebhookPushHandler(
    DeliveryLedger ledger,
    PushRouting routing,
    PipelineSpecStore specs,
    DatasetCatalog datasets,
    RunStarter starter,
    GitHubContents contents,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookPushHandler> logger)
{
    public async Task<PushResult> HandleAsync(DurableTaskClient client, PushEvent push, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(push);
        if (!options.Value.AllowsRepository(push.Repository))
        {
            var reason = $"repository '{push.Repository}' is not in {WebhookOptions.Section}:Repositories ({string.Join(", ", options.Value.Repositories)})";
            WebhookLog.RepositoryRefused(logger, push.Provider, push.DeliveryId, push.Repository, push.Commit);
            return new PushResult(PushStatus.Forbidden, push.DeliveryId, [], [reason]);
        }

        var claim = new DeliveryRecord(push.Provider, push.DeliveryId, time.GetUtcNow(), push.Repository, push.Commit, push.CommitTime, DeliveryLedger.Received, [], []);
        if (await ledger.TryClaimAsync(claim, options.Value.ClaimTimeout, ct).ConfigureAwait(false) is { } earlier)
        {
            WebhookLog.Duplicate(logger, push.Provider, push.DeliveryId, earlier.Status);
            var seen = earlier.DeliveryId == push.DeliveryId
                ? $"delivery {push.DeliveryId} was already received ({earlier.Status})"
                : $"delivery {push.DeliveryId} repeats delivery {earlier.DeliveryId} ({earlier.Status})";
            return new PushResult(PushStatus.Duplicate, push.DeliveryId, earlier.Runs, [seen, .. earlier.Reasons]);
        }

        PushResult result;
        try
        {
            result = await RouteAndStartAsync(client, push, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Runs already started stay deduplicated by their ids; releasing the claim lets the sender's retry finish the rest.
            WebhookLog.Failed(logger, ex, push.Provider, push.DeliveryId);
            await ledger.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var status = result.Status.ToString().ToLowerInvariant();
        await ledger.CompleteAsync(claim with { Status = status, Runs = result.Runs, Reasons = result.Reasons }, ct).ConfigureAwait(false);
        return result;
    }

    private async Task<PushResult> RouteAndStartAsync(DurableTaskClient client, PushEvent push, CancellationToken ct)
    {
        var route = routing.Route(push);
        if (route.IgnoredBecause is { } ignored)
        {
            WebhookLog.Ignored(logger, push.Provider, push.DeliveryId, ignored);
            return new PushResult(PushStatus.Ignored, push.DeliveryId, [], [ignored]);
        }

        var runs = new List<WebhookRun>();
        var unknown = 0;
        foreach (var affected in route.Pipelines)
        {
            var (run, isUnknown) = await StartPipelineAsync(client, push, affected, ct).ConfigureAwait(false);
            unknown += isUnknown ? 1 : 0;
            runs.Add(run);
            WebhookLog.PipelineHandled(logger, push.Provider, push.DeliveryId, run.Pipeline, run.Status, run.RunId, run.Reason);
        }

        var status = runs.Any(r => r.RunId is not null) ? PushStatus.Accepted
            : unknown == runs.Count ? PushStatus.UnknownPipeline
            : PushStatus.Ignored;
        return new PushResult(status, push.DeliveryId, runs, [.. runs.Where(r => r.RunId is null).Select(r => $"{r.Pipeline}: {r.Reason}")]);
    }

    private async Task<(WebhookRun Run, bool Unknown)> StartPipelineAsync(DurableTaskClient client, PushEvent push, AffectedPipeline affected, CancellationToken ct)
    {
        var pipeline = affected.Pipeline;
        WebhookRun Skipped(string reason) => new(pipeline, "skipped", null, null, reason);

        if (affected.SpecChanged && push.Provider == PushEvent.GitHub && contents.IsConfigured)
        {
            var problem = await PushSpecAsync(push, pipeline, ct).ConfigureAwait(false);
            if (problem is not null)
            {
                return (Skipped(problem), false);
            }
        }

        PipelineSpec? spec;
        try
        {
            spec = await specs.GetAsync(pipeline, ct).ConfigureAwait(false);
        }
        catch (InvalidSpecException ex)
        {
            return (Skipped(ex.Message), false);
        }

        if (spec is null)
        {
            return (Skipped($"unknown pipeline '{pipeline}': no {Containers.Pipelines}/{pipeline}.json; push its spec first (cd4ml pipelines push)"), true);
        }

        var dataset = await datasets.NewestAsync(pipeline, ct).ConfigureAwait(false);
        if (dataset is null)
        {
            return (Skipped($"no dataset in {Containers.Datasets}/{pipeline}/ to train on"), false);
        }

        var trigger = new RunTrigger("webhook", push.Repository, Commit: push.Commit, DeliveryId: push.DeliveryId);
        var outcome = await starter.StartForPipelineAsync(client, spec, dataset.Name, trigger, ct).ConfigureAwait(false);
        return outcome.Run is { } started
            ? (new WebhookRun(pipeline, RunStartAnswers.Word(outcome.Kind), started.RunId, $"/api/runs/{started.RunId}", affected.Reason), false)
            : (Skipped(outcome.Reason), false);
    }

    /// <summary>Fetches the pipeline's spec at the pushed commit and stores it; null when stored, otherwise why not.</summary>
    private async Task<string?> PushSpecAsync(PushEvent push, string pipeline, CancellationToken ct)
    {
        var path = new SpecPaths(options.Value.SpecPath).PathOf(pipeline);
        string? json;
        try
        {
            json = await contents.GetFileAsync(push.Repository, path, push.Commit, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or TaskCanceledException)
        {
            return $"could not fetch {path} at {push.Commit} from GitHub: {ex.Message}";
        }

        if (json is null)
        {
            return $"{path} does not exist at {push.Commit} (the spec was removed)";
        }

        var source = $"{push.Repository}/{path}@{push.Commit}";
        var (parsed, errors) = PipelineSpecParser.TryParse(json);
        if (parsed is null || errors.Count > 0)
        {
            return new InvalidSpecException(source, errors).Message;
        }

        if (parsed.Name != pipeline)
        {
            return $"{source}: $.name is '{parsed.Name}' but the file is the spec of '{pipeline}'";
        }

        var commit = new SpecCommit(push.Repository, push.Branch ?? push.Ref, push.Commit, push.CommitTime, push.Before, push.Commits);
        var written = await specs.PutFromCommitAsync(json, source, commit, ct).ConfigureAwait(false);
        if (written.RefusedBecause is { } refused)
        {
            WebhookLog.SpecNotReplaced(logger, pipeline, push.Repository, push.Commit, refused);
            return refused;
        }

        if (written.Written)
        {
            WebhookLog.SpecPushed(logger, pipeline, push.Repository, push.Commit);
        }

        return null;
    }
}
