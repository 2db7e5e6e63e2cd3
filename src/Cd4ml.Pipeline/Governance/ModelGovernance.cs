using Azure;
using Cd4ml.Core.Registry;
using Cd4ml.Pipeline.Events;

namespace Cd4ml.Pipeline.Governance;

/// <summary>
/// Every way an alias moves (the pipeline's promotion, a person's promote or rollback), each followed by its
/// <c>cd4ml.model.alias.moved</c> event. The API, the CLI and the publish activity all go through here, so no move
/// can forget its event.
/// <para>
/// Every move ends with one audit line (the registry) and one event (here), also when the append or the send fails
/// once: both are "ensure" steps keyed on the alias generation, run again by every retry of the same request and
/// activity, which find the alias already moved. The event is sent, then marked sent in the registry; a failed send is
/// tried again a few times. If the queue stays unreachable the move still stands (the alias is the source of truth),
/// and the event stays pending: the next call that moves the alias, or finds it already moved, sends it first.
/// </para>
/// </summary>
public sealed class ModelGovernance(ModelRegistry registry, ModelEventPublisher events)
{
    private const int SendAttempts = 3;

    public ModelRegistry Registry => registry;

    /// <inheritdoc cref="ModelRegistry.PromoteAsync"/>
    public async Task<AliasMoveResult> PromoteAsync(
        string pipeline, string alias, int version, string by, string reason, ETag? expectedETag = null, CancellationToken ct = default)
    {
        await SendPendingAsync(pipeline, alias, ct).ConfigureAwait(false);
        var result = await registry.PromoteAsync(pipeline, alias, version, by, reason, expectedETag, ct).ConfigureAwait(false);
        await EnsureAnnouncedAsync(pipeline, alias, AuditActions.Promote, result, retried: false, ct).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc cref="ModelRegistry.RollbackAsync"/>
    public async Task<AliasMoveResult> RollbackAsync(
        string pipeline, string alias, int? toVersion, string by, string reason, CancellationToken ct = default, int? expectedVersion = null, ETag? expectedETag = null)
    {
        await SendPendingAsync(pipeline, alias, ct).ConfigureAwait(false);
        var result = await registry.RollbackAsync(pipeline, alias, toVersion, by, reason, ct, expectedVersion, expectedETag).ConfigureAwait(false);
        if (result.Outcome == AliasMoveOutcome.Moved)
        {
            Telemetry.PipelineTelemetry.RecordRollback(pipeline, alias);
        }

        await EnsureAnnouncedAsync(pipeline, alias, AuditActions.Rollback, result, retried: false, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The pipeline's move of an alias to the version it just published (see <see cref="ModelRegistry.MoveAliasAsync"/>).
    /// A retried activity that finds the alias already moved makes sure of the audit line and the event.
    /// </summary>
    public async Task<AliasMoveResult> MoveForRunAsync(
        ModelManifest target, string alias, int? expectedVersion, string by, string reason, DateTimeOffset at, CancellationToken ct = default,
        long? expectedGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        await SendPendingAsync(target.Pipeline, alias, ct).ConfigureAwait(false);
        var result = await registry.MoveAliasAsync(target, alias, expectedVersion, by, reason, at, ct, expectedGeneration).ConfigureAwait(false);
        await EnsureAnnouncedAsync(target.Pipeline, alias, AuditActions.Promote, result, retried: true, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Sends the event of the alias's current move if it is still pending (a send that failed earlier).</summary>
    private async Task SendPendingAsync(string pipeline, string alias, CancellationToken ct)
    {
        var (current, _) = await registry.GetAliasAsync(pipeline, alias, ct).ConfigureAwait(false);
        // Moves recorded before the action was kept predate the sent-markers: their events went out at the time.
        if (current is { Action: { } action })
        {
            await EnsureAnnouncedAsync(pipeline, alias, action, new AliasMoveResult(AliasMoveOutcome.AlreadyMoved, current, ""), retried: false, ct).ConfigureAwait(false);
        }
    }

    private async Task EnsureAnnouncedAsync(string pipeline, string alias, string action, AliasMoveResult result, bool retried, CancellationToken ct)
    {
        var due = result.Outcome == AliasMoveOutcome.Moved
            || (result.Outcome == AliasMoveOutcome.AlreadyMoved && (retried || result.Current?.Action is not null));
        if (!due || result.Current is not { } record || await registry.IsAnnouncedAsync(pipeline, alias, record.Generation, ct).ConfigureAwait(false))
        {
            return;
        }

        for (var attempt = 1; attempt <= SendAttempts; attempt++)
        {
            if (await events.PublishAliasMovedAsync(pipeline, alias, record.Action ?? action, record, ct).ConfigureAwait(false))
            {
                await registry.MarkAnnouncedAsync(pipeline, alias, record.Generation, AliasMovedEvent.IdOf(alias, record), ct).ConfigureAwait(false);
                return;
            }

            if (attempt < SendAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
            }
        }

        // Logged by the publisher; the event stays pending until the next call on this alias sends it.
    }
}
