using Azure;
using Cd4ml.Core.Registry;
using Cd4ml.Pipeline.Events;

namespace Cd4ml.Pipeline.Governance;

/// <summary>
/// Every way an alias moves (the pipeline's promotion, a person's promote or rollback), each followed by its
/// <c>cd4ml.model.alias.moved</c> event. The API, the CLI and the publish activity all go through here, so no move
/// can forget its event.
/// </summary>
public sealed class ModelGovernance(ModelRegistry registry, ModelEventPublisher events)
{
    public ModelRegistry Registry => registry;

    /// <inheritdoc cref="ModelRegistry.PromoteAsync"/>
    public async Task<AliasMoveResult> PromoteAsync(
        string pipeline, string alias, int version, string by, string reason, ETag? expectedETag = null, CancellationToken ct = default)
    {
        var result = await registry.PromoteAsync(pipeline, alias, version, by, reason, expectedETag, ct).ConfigureAwait(false);
        await AnnounceAsync(pipeline, alias, AuditActions.Promote, result, announceRetries: false, ct).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc cref="ModelRegistry.RollbackAsync"/>
    public async Task<AliasMoveResult> RollbackAsync(string pipeline, string alias, int? toVersion, string by, string reason, CancellationToken ct = default)
    {
        var result = await registry.RollbackAsync(pipeline, alias, toVersion, by, reason, ct).ConfigureAwait(false);
        if (result.Outcome == AliasMoveOutcome.Moved)
        {
            Telemetry.PipelineTelemetry.RecordRollback(pipeline, alias);
        }
        await AnnounceAsync(pipeline, alias, AuditActions.Rollback, result, announceRetries: false, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The pipeline's move of an alias to the version it just published (see <see cref="ModelRegistry.MoveAliasAsync"/>).
    /// A retried activity that finds the alias already moved sends the event again with the same id: the first
    /// attempt may have died between the move and the send, and consumers drop the duplicate by id.
    /// </summary>
    public async Task<AliasMoveResult> MoveForRunAsync(
        ModelManifest target, string alias, int? expectedVersion, string by, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var result = await registry.MoveAliasAsync(target, alias, expectedVersion, by, reason, at, ct).ConfigureAwait(false);
        await AnnounceAsync(target.Pipeline, alias, AuditActions.Promote, result, announceRetries: true, ct).ConfigureAwait(false);
        return result;
    }

    private async Task AnnounceAsync(string pipeline, string alias, string action, AliasMoveResult result, bool announceRetries, CancellationToken ct)
    {
        var moved = result.Outcome == AliasMoveOutcome.Moved || (announceRetries && result.Outcome == AliasMoveOutcome.AlreadyMoved);
        if (moved && result.Current is { } record)
        {
            await events.PublishAliasMovedAsync(pipeline, alias, action, record, ct).ConfigureAwait(false);
        }
    }
}
