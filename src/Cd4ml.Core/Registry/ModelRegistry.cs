using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Registry;

/// <summary>
/// The model registry on Blob Storage. Versions are immutable folders created with <c>If-None-Match: *</c>;
/// aliases move only by ETag compare-and-swap; every move is appended to the audit log. There is deliberately no
/// delete: a version an alias points at (or pointed at, for a rollback) must stay loadable.
/// </summary>
/// <param name="service">The account holding the <c>models</c> container.</param>
/// <param name="time">The clock for moves made by people (promote, rollback); the pipeline passes its own time.</param>
public sealed partial class ModelRegistry(BlobServiceClient service, TimeProvider? time = null)
{
    public const string Champion = "champion";

    private const int MaxVersionClaims = 1000;

    private static readonly TimeSpan PublishLockWait = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private BlobContainerClient Models => service.GetBlobContainerClient(Containers.Models);

    public static string VersionFolder(string pipeline, int version) => $"{pipeline}/versions/{version.ToString(CultureInfo.InvariantCulture)}";

    public static string AliasBlob(string pipeline, string alias) => $"{pipeline}/aliases/{alias}.json";

    public static string AuditBlob(string pipeline) => $"{pipeline}/audit.log";

    /// <summary>The lock blob one run's publish attempts take in turn (see <see cref="PublishVersionAsync"/>).</summary>
    public static string PublishLockBlob(string pipeline, string runId) => $"{pipeline}/publishing/{runId}.lock";

    /// <summary>The lock blob a pipeline's runs take in turn to decide against the current champion, publish and move it.</summary>
    public static string PromotionLockBlob(string pipeline) => $"{pipeline}/promotion.lock";

    /// <summary>The blob of <see cref="PromotionLockBlob"/>, for <see cref="BlobLeaseLock"/>.</summary>
    public BlobClient PromotionLock(string pipeline)
    {
        RequirePipeline(pipeline);
        return Models.GetBlobClient(PromotionLockBlob(pipeline));
    }

    /// <summary>The marker written once the event of an alias's move of <paramref name="generation"/> was sent.</summary>
    public static string AnnouncementBlob(string pipeline, string alias, long generation) =>
        $"{pipeline}/announced/{alias}/{generation.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary>Reads an alias and the ETag a later move must match; (null, null) when it does not exist.</summary>
    public async Task<(AliasRecord? Record, ETag? ETag)> GetAliasAsync(string pipeline, string alias, CancellationToken ct = default)
    {
        RequireNames(pipeline, alias);
        var content = await Models.GetBlobClient(AliasBlob(pipeline, alias)).DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? (null, null) : (content.Content.ToObjectFromJson<AliasRecord>(SpecJson.Options), content.Details.ETag);
    }

    /// <summary>A version's manifest, or null when the version does not exist.</summary>
    public async Task<ModelManifest?> GetManifestAsync(string pipeline, int version, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        return await Models.GetBlobClient($"{VersionFolder(pipeline, version)}/manifest.json").ReadJsonOrNullAsync<ModelManifest>(ct).ConfigureAwait(false);
    }

    /// <summary>All version numbers of a pipeline, ascending.</summary>
    public async Task<IReadOnlyList<int>> ListVersionsAsync(string pipeline, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        var versions = new SortedSet<int>();
        var prefix = $"{pipeline}/versions/";
        await foreach (var blob in Models.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct).ConfigureAwait(false))
        {
            var rest = blob.Name[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                versions.Add(n);
            }
        }

        return [.. versions];
    }

    /// <summary>
    /// Publishes a model as the next version. Idempotent per run: a retried call for the same run id finds
    /// its earlier version instead of creating another. Versions are claimed by creating the manifest with
    /// <c>If-None-Match: *</c>, so concurrent publishers never share a number.
    /// </summary>
    public async Task<ModelManifest> PublishVersionAsync(ModelManifest manifest, BinaryData modelZip, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        RequirePipeline(manifest.Pipeline);
        var problem = BlobNames.Problem(manifest.RunId) ?? (manifest.RunId.Contains('/', StringComparison.Ordinal) ? "it contains '/'" : null);
        if (problem is not null)
        {
            throw new ArgumentException($"run id '{manifest.RunId}' cannot name a blob: {problem}", nameof(manifest));
        }

        // Two attempts of one run at once (a redelivered activity while the first still works) would both miss the
        // other's version and claim two numbers; the run's publish lock makes the second one find the first's version.
        await using var publishing = await BlobLeaseLock.AcquireAsync(Models.GetBlobClient(PublishLockBlob(manifest.Pipeline, manifest.RunId)), PublishLockWait, ct)
            .ConfigureAwait(false);
        var existing = await FindByRunAsync(manifest.Pipeline, manifest.RunId, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            await EnsureModelAsync(existing, modelZip, ct).ConfigureAwait(false);
            return existing;
        }

        var versions = await ListVersionsAsync(manifest.Pipeline, ct).ConfigureAwait(false);
        var next = versions.Count == 0 ? 1 : versions[^1] + 1;
        for (var attempt = 0; attempt < MaxVersionClaims; attempt++, next++)
        {
            var claimed = manifest with { Version = next };
            var blob = Models.GetBlobClient($"{VersionFolder(manifest.Pipeline, next)}/manifest.json");
            try
            {
                await blob.UploadAsync(BinaryData.FromObjectAsJson(claimed, SpecJson.Options), CreateOnly("application/json"), ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (IsAlreadyExists(ex))
            {
                continue;
            }

            await EnsureModelAsync(claimed, modelZip, ct).ConfigureAwait(false);
            return claimed;
        }

        throw new InvalidOperationException($"could not claim a version number for {manifest.Pipeline} after {MaxVersionClaims} attempts");
    }

    /// <summary>
    /// Writes a version's ONNX edge model (<c>model.onnx</c>) once; a retried publish finds it there. Published with the
    /// version, before the alias moves, so a champion's edge model is never missing when its manifest says it exists.
    /// </summary>
    public async Task PublishEdgeModelAsync(ModelManifest manifest, BinaryData onnx, CancellationToken ct = default)
    {
        try
        {
            await Models.GetBlobClient($"{VersionFolder(manifest.Pipeline, manifest.Version)}/model.onnx")
                .UploadAsync(onnx, CreateOnly("application/octet-stream"), ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsAlreadyExists(ex))
        {
            // Written by an earlier attempt of this publish: the export is deterministic, so the bytes are the same.
        }
    }

    /// <summary>Downloads a version's model and verifies its SHA-256 against the manifest before anyone loads it.</summary>
    public async Task<BinaryData> DownloadVerifiedModelAsync(ModelManifest manifest, CancellationToken ct = default)
    {
        var content = await Models.GetBlobClient($"{VersionFolder(manifest.Pipeline, manifest.Version)}/model.zip")
            .DownloadContentAsync(ct).ConfigureAwait(false);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content.Value.Content.ToMemory().Span));
        return actual == manifest.ModelSha256
            ? content.Value.Content
            : throw new InvalidDataException($"model v{manifest.Version} of {manifest.Pipeline} has SHA-256 {actual}, but its manifest says {manifest.ModelSha256}; refusing to load it");
    }

    /// <summary>
    /// Moves an alias to a version if it still is what the caller last saw: generation
    /// <paramref name="expectedGeneration"/> when given (any move in between, even one back to the same version, refuses
    /// the move), else version <paramref name="expectedVersion"/> (null = the alias must not exist yet). The write is
    /// conditional on the ETag just read, so two movers can never both win.
    /// </summary>
    public async Task<AliasMoveResult> MoveAliasAsync(
        ModelManifest target, string alias, int? expectedVersion, string by, string reason, DateTimeOffset at, CancellationToken ct = default,
        long? expectedGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (current, etag) = await GetAliasAsync(target.Pipeline, alias, ct).ConfigureAwait(false);
        if (current is not null && current.Version == target.Version && current.RunId == target.RunId
            && (expectedGeneration is null || current.Generation == expectedGeneration + 1))
        {
            // A retry after a crash between the compare-and-swap and the audit append must still leave one line.
            await EnsureAuditedAsync(target.Pipeline, alias, current, ct).ConfigureAwait(false);
            return new AliasMoveResult(AliasMoveOutcome.AlreadyMoved, current, $"{alias} already points at v{target.Version}", etag?.ToString());
        }

        var changed = expectedGeneration is { } generation
            ? (current?.Generation ?? 0) != generation
            : current?.Version != expectedVersion;
        if (changed)
        {
            var was = expectedVersion is null ? "no champion" : $"v{expectedVersion}";
            var seen = expectedGeneration is { } g ? $"{was} (generation {g})" : was;
            return new AliasMoveResult(AliasMoveOutcome.Conflict, current,
                $"{ChampionChanged}: {alias} is now {Describe(current)}, but this run compared against {seen}; not moved",
                etag?.ToString());
        }

        var record = new AliasRecord(target.Version, (current?.Generation ?? 0) + 1, current?.Version, target.ModelSha256, at, target.RunId, by, reason, AuditActions.Promote);
        return await SwapAliasAsync(target.Pipeline, alias, record, current, etag, AuditActions.Promote, ct).ConfigureAwait(false);
    }

    /// <summary>The words a refused pipeline move starts with, in the run report and the run's message.</summary>
    public const string ChampionChanged = "champion changed during the run";

    /// <summary>Appends one JSON line to the pipeline's audit log (an append blob: history is never rewritten).</summary>
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        RequireNames(entry.Pipeline, entry.Alias);
        var log = Models.GetAppendBlobClient(AuditBlob(entry.Pipeline));
        await log.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        var line = JsonSerializer.Serialize(entry, AuditJson) + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line));
        await log.AppendBlockAsync(stream, cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Reads the audit log, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string pipeline, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        var content = await Models.GetBlobClient(AuditBlob(pipeline)).DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? [] : ParseAudit(content.Content.ToMemory());
    }

    private static List<AuditEntry> ParseAudit(ReadOnlyMemory<byte> log) => Encoding.UTF8.GetString(log.Span)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonSerializer.Deserialize<AuditEntry>(line, AuditJson)!)
        .ToList();

    private static readonly JsonSerializerOptions AuditJson = new(SpecJson.Options) { WriteIndented = false };

    private async Task<ModelManifest?> FindByRunAsync(string pipeline, string runId, CancellationToken ct)
    {
        var versions = await ListVersionsAsync(pipeline, ct).ConfigureAwait(false);
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            var manifest = await GetManifestAsync(pipeline, versions[i], ct).ConfigureAwait(false);
            if (manifest?.RunId == runId)
            {
                return manifest;
            }
        }

        return null;
    }

    private async Task EnsureModelAsync(ModelManifest manifest, BinaryData modelZip, CancellationToken ct)
    {
        var blob = Models.GetBlobClient($"{VersionFolder(manifest.Pipeline, manifest.Version)}/model.zip");
        try
        {
            await blob.UploadAsync(modelZip, CreateOnly("application/zip"), ct).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (IsAlreadyExists(ex))
        {
            // A retried publish: the bytes already there must be the same model, or the version is not ours to touch.
            await DownloadVerifiedModelAsync(manifest, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes <paramref name="record"/> if the alias still has the ETag <paramref name="seen"/> (null: if it still does
    /// not exist), then makes sure the move has its audit line. A lost race writes nothing and reports who holds the
    /// alias now. Before moving, a move of <paramref name="current"/> whose audit line was never written is logged, so
    /// the log stays in the order of the moves.
    /// </summary>
    private async Task<AliasMoveResult> SwapAliasAsync(
        string pipeline, string alias, AliasRecord record, AliasRecord? current, ETag? seen, string action, CancellationToken ct)
    {
        if (current is not null)
        {
            await EnsureAuditedAsync(pipeline, alias, current, ct).ConfigureAwait(false);
        }

        var conditions = seen is { } e ? new BlobRequestConditions { IfMatch = e } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        ETag written;
        try
        {
            var response = await Models.GetBlobClient(AliasBlob(pipeline, alias)).UploadAsync(
                BinaryData.FromObjectAsJson(record with { Action = action }, SpecJson.Options),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                ct).ConfigureAwait(false);
            written = response.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
        {
            var (now, nowETag) = await GetAliasAsync(pipeline, alias, ct).ConfigureAwait(false);
            return new AliasMoveResult(AliasMoveOutcome.Conflict, now,
                $"{alias} was moved by someone else at the same moment (HTTP {ex.Status}); it now points at {Describe(now)}; not moved", nowETag?.ToString());
        }

        // If this append fails the move stands without its line; every retry of the same move, and the next move of
        // the alias, writes it (once: the line is keyed on the generation).
        await EnsureAuditedAsync(pipeline, alias, record with { Action = action }, ct).ConfigureAwait(false);
        return new AliasMoveResult(AliasMoveOutcome.Moved, record with { Action = action }, $"{alias} moved to v{record.Version}", written.ToString());
    }

    /// <summary>
    /// Appends the audit line of the move that wrote <paramref name="record"/> unless the log has it already (keyed on
    /// the alias and its generation). The append is conditional on the log's length just read, so two callers
    /// ensuring the same move at once write one line.
    /// </summary>
    public async Task EnsureAuditedAsync(string pipeline, string alias, AliasRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        RequireNames(pipeline, alias);
        var log = Models.GetAppendBlobClient(AuditBlob(pipeline));
        for (var attempt = 0; attempt < MaxAuditAppends; attempt++)
        {
            var content = await Models.GetBlobClient(AuditBlob(pipeline)).DownloadOrNullAsync(ct).ConfigureAwait(false);
            if (content is null)
            {
                await log.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
            }

            var bytes = content?.Content.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
            if (ParseAudit(bytes).Any(e => IsLineOf(e, alias, record)))
            {
                return;
            }

            var line = JsonSerializer.Serialize(AuditFor(record.Action ?? AuditActions.Promote, pipeline, alias, record), AuditJson) + "\n";
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line));
            try
            {
                await log.AppendBlockAsync(stream, new AppendBlobAppendBlockOptions
                {
                    Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = bytes.Length },
                }, ct).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Someone appended since the read: read again, and write only if the line is still missing.
            }
        }

        throw new InvalidOperationException($"could not append the audit line of {alias} generation {record.Generation} of {pipeline} after {MaxAuditAppends} attempts; the log kept changing");
    }

    private const int MaxAuditAppends = 20;

    private static bool IsLineOf(AuditEntry e, string alias, AliasRecord record) =>
        e.Alias == alias && AuditActions.MovesAlias(e.Action)
        && (e.Generation == record.Generation || (e.Generation is null && e.Version == record.Version && e.RunId == record.RunId));

    private static AuditEntry AuditFor(string action, string pipeline, string alias, AliasRecord record) =>
        new(action, pipeline, alias, record.Version, record.Previous, record.At, record.RunId, record.By, record.Reason, record.Generation);

    private static string Describe(AliasRecord? record) => record is null ? "nothing" : $"v{record.Version} (generation {record.Generation})";

    /// <summary>Names reach blob paths: they are checked before any storage call, whoever the caller is.</summary>
    private static void RequireNames(string pipeline, string alias)
    {
        RequirePipeline(pipeline);
        AliasNames.Require(alias);
    }

    private static void RequirePipeline(string pipeline)
    {
        if (!PipelineNames.IsValid(pipeline))
        {
            throw new ArgumentException($"'{pipeline}' is not a pipeline name: {PipelineNames.Rule}.", nameof(pipeline));
        }
    }

    private static BlobUploadOptions CreateOnly(string contentType) => new()
    {
        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
    };

    private static bool IsAlreadyExists(RequestFailedException ex) =>
        ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed;
}
