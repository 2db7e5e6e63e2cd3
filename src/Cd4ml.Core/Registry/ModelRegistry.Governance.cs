using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Registry;

// Alias moves made by people (API, CLI): promote any version, roll back. Both verify the target's bytes against its
// manifest first, so an alias never points at a model that would be refused at load time.
public sealed partial class ModelRegistry
{
    /// <summary>
    /// Points <paramref name="alias"/> at <paramref name="version"/> by compare-and-swap and audits it as <c>promote</c>.
    /// With <paramref name="expectedETag"/> (an HTTP <c>If-Match</c>; <see cref="ETag.All"/> = "must exist") the move
    /// happens only if the alias is still exactly what the caller saw.
    /// </summary>
    /// <exception cref="ArgumentException">A name is outside its alphabet, or <paramref name="reason"/> is empty.</exception>
    /// <exception cref="ModelNotFoundException">The version does not exist.</exception>
    /// <exception cref="AliasMoveRefusedException">The version's model no longer matches its manifest's SHA-256.</exception>
    public async Task<AliasMoveResult> PromoteAsync(
        string pipeline, string alias, int version, string by, string reason, ETag? expectedETag = null, CancellationToken ct = default)
    {
        RequireNames(pipeline, alias);
        RequireWho(by, reason);
        var manifest = await RequireVersionAsync(pipeline, version, ct).ConfigureAwait(false);
        await VerifyModelAsync(manifest, alias, ct).ConfigureAwait(false);

        var (current, etag) = await GetAliasAsync(pipeline, alias, ct).ConfigureAwait(false);
        if (expectedETag is { } expected && !Matches(expected, etag))
        {
            return new AliasMoveResult(AliasMoveOutcome.Conflict, current,
                $"{alias} has ETag {etag?.ToString() ?? "none (it does not exist)"}, not {expected}; it points at {Describe(current)}; not moved", etag?.ToString());
        }

        if (current?.Version == version)
        {
            await EnsureAuditedAsync(pipeline, alias, current, ct).ConfigureAwait(false);
            return new AliasMoveResult(AliasMoveOutcome.AlreadyMoved, current, $"{alias} already points at v{version}; nothing written", etag?.ToString());
        }

        var record = new AliasRecord(version, (current?.Generation ?? 0) + 1, current?.Version, manifest.ModelSha256, _time.GetUtcNow(), manifest.RunId, by, reason);
        return await SwapAliasAsync(pipeline, alias, record, current, etag, AuditActions.Promote, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Points <paramref name="alias"/> back at <paramref name="toVersion"/> (null: the version it held before its last
    /// move) by compare-and-swap, audited as <c>rollback</c>. Nothing is written unless the target exists and its model
    /// still matches its manifest.
    /// <para>
    /// Idempotent: the caller says what it expects the alias to hold (<paramref name="expectedVersion"/>, as
    /// <c>--from N</c> or <c>expectedVersion</c>; or <paramref name="expectedETag"/>, an HTTP <c>If-Match</c>), and a
    /// request that is repeated after it took effect (a retry, a double click) changes nothing: it finds the alias
    /// rolled back by itself and answers <see cref="AliasMoveOutcome.AlreadyMoved"/>, making sure the move has its
    /// audit line. Without an expectation a repeat is recognised by the same target, person and reason. Any other
    /// difference from the expectation is a <see cref="AliasMoveOutcome.Conflict"/> naming what the alias holds now.
    /// </para>
    /// </summary>
    /// <exception cref="ModelNotFoundException">The alias or the target version does not exist.</exception>
    /// <exception cref="AliasMoveRefusedException">No previous version, the alias already points there, or the SHA-256 does not match.</exception>
    public async Task<AliasMoveResult> RollbackAsync(
        string pipeline, string alias, int? toVersion, string by, string reason, CancellationToken ct = default,
        int? expectedVersion = null, ETag? expectedETag = null)
    {
        RequireNames(pipeline, alias);
        RequireWho(by, reason);
        var (current, etag) = await GetAliasAsync(pipeline, alias, ct).ConfigureAwait(false);
        if (current is null)
        {
            throw new ModelNotFoundException($"{pipeline} has no alias '{alias}'; there is nothing to roll back");
        }

        if (IsRepeatOf(current, toVersion, by, reason, expectedVersion))
        {
            await EnsureAuditedAsync(pipeline, alias, current, ct).ConfigureAwait(false);
            return new AliasMoveResult(AliasMoveOutcome.AlreadyMoved, current,
                $"{alias} was already rolled back from v{current.Previous} to v{current.Version} by this request; nothing written", etag?.ToString());
        }

        if ((expectedVersion is { } from && current.Version != from) || (expectedETag is { } expected && !Matches(expected, etag)))
        {
            var expectation = expectedVersion is { } v ? $"v{v}" : $"ETag {expectedETag}";
            return new AliasMoveResult(AliasMoveOutcome.Conflict, current,
                $"{alias} of {pipeline} is {Describe(current)} with ETag {etag}, not the {expectation} this rollback expected; not moved", etag?.ToString());
        }

        var target = toVersion ?? current.Previous
            ?? throw new AliasMoveRefusedException($"{alias} of {pipeline} points at v{current.Version}, which has no previous version; name the version to roll back to");
        if (target == current.Version)
        {
            throw new AliasMoveRefusedException($"{alias} of {pipeline} already points at v{target}; nothing to roll back");
        }

        var manifest = await RequireVersionAsync(pipeline, target, ct).ConfigureAwait(false);
        await VerifyModelAsync(manifest, alias, ct).ConfigureAwait(false);

        var record = new AliasRecord(target, current.Generation + 1, current.Version, manifest.ModelSha256, _time.GetUtcNow(), manifest.RunId, by, reason);
        return await SwapAliasAsync(pipeline, alias, record, current, etag, AuditActions.Rollback, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="current"/> is what this rollback request already made of the alias: a rollback to the
    /// requested version, from the expected one when the request names it, else by the same person for the same reason.
    /// </summary>
    private static bool IsRepeatOf(AliasRecord current, int? toVersion, string by, string reason, int? expectedVersion) =>
        current.Action == AuditActions.Rollback
        && (toVersion is null || current.Version == toVersion)
        && (expectedVersion is { } from
            ? current.Previous == from
            : string.Equals(current.By, by, StringComparison.Ordinal) && string.Equals(current.Reason, reason, StringComparison.Ordinal));

    private async Task<ModelManifest> RequireVersionAsync(string pipeline, int version, CancellationToken ct) =>
        version < 1
            ? throw new ArgumentException($"version must be 1 or more, not {version.ToString(CultureInfo.InvariantCulture)}", nameof(version))
            : await GetManifestAsync(pipeline, version, ct).ConfigureAwait(false)
              ?? throw new ModelNotFoundException($"{pipeline} has no version {version.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Hashes the stored model as a stream (models can be large) and compares it with the manifest.</summary>
    private async Task VerifyModelAsync(ModelManifest manifest, string alias, CancellationToken ct)
    {
        string actual;
        try
        {
            var blob = Models.GetBlobClient($"{VersionFolder(manifest.Pipeline, manifest.Version)}/model.zip");
            var stream = await blob.OpenReadAsync(cancellationToken: ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
            }
        }
        catch (RequestFailedException ex) when (AbsentIsNull.IsNotFound(ex))
        {
            throw new AliasMoveRefusedException($"v{manifest.Version} of {manifest.Pipeline} has a manifest but no model.zip; {alias} not moved", ex);
        }

        if (actual != manifest.ModelSha256)
        {
            throw new AliasMoveRefusedException(
                $"v{manifest.Version} of {manifest.Pipeline} has SHA-256 {actual}, but its manifest says {manifest.ModelSha256}; " +
                $"the model was changed after publication, so {alias} was not moved. Promote another version.");
        }
    }

    /// <summary>HTTP clients send ETags quoted or not; storage returns them quoted. Only the opaque value counts.</summary>
    private static bool Matches(ETag expected, ETag? actual) =>
        expected == ETag.All
            ? actual is not null
            : actual is { } a && string.Equals(a.ToString().Trim('"'), expected.ToString().Trim('"'), StringComparison.Ordinal);

    private static void RequireWho(string by, string reason)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("say who moves the alias (by)", nameof(by));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("a reason is required: it goes into the alias record and the audit log", nameof(reason));
        }
    }
}
