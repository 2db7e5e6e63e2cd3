using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Registry;

// Read-only views for people: aliases, version summaries with lineage, history and "what was the alias at time T".
public sealed partial class ModelRegistry
{
    /// <summary>Manifests are read a few at a time: enough to hide latency, few enough not to flood the account.</summary>
    private const int ParallelReads = 8;

    /// <summary>Every alias of a pipeline with the version it points at, by name.</summary>
    public async Task<IReadOnlyDictionary<string, AliasRecord>> ListAliasesAsync(string pipeline, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        var prefix = $"{pipeline}/aliases/";
        var names = new List<string>();
        await foreach (var blob in Models.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct).ConfigureAwait(false))
        {
            var name = blob.Name[prefix.Length..];
            // Anything not written by this registry (another suffix, a name outside the alphabet) is not an alias.
            if (name.EndsWith(".json", StringComparison.Ordinal) && AliasNames.IsValid(name[..^5]))
            {
                names.Add(name[..^5]);
            }
        }

        var aliases = new SortedDictionary<string, AliasRecord>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (record, _) = await GetAliasAsync(pipeline, name, ct).ConfigureAwait(false);
            if (record is not null)
            {
                aliases[name] = record;
            }
        }

        return aliases;
    }

    /// <summary>Every version of a pipeline, oldest first, with its primary metric, data lineage and current aliases.</summary>
    public async Task<IReadOnlyList<VersionSummary>> ListVersionSummariesAsync(string pipeline, CancellationToken ct = default)
    {
        var manifests = await ListManifestsAsync(pipeline, ct).ConfigureAwait(false);
        var aliases = await ListAliasesAsync(pipeline, ct).ConfigureAwait(false);
        var moved = (await ReadAuditAsync(pipeline, ct).ConfigureAwait(false))
            .Where(e => AuditActions.MovesAlias(e.Action) && e.Version is not null).Select(e => e.Version!.Value).ToHashSet();
        var failed = await VersionsWithFailedRunsAsync(pipeline, ct).ConfigureAwait(false);
        return manifests.Select(m => Summarize(m, aliases.Where(a => a.Value.Version == m.Version).Select(a => a.Key).ToList(),
            moved.Contains(m.Version) || aliases.Values.Any(a => a.Version == m.Version)) with { RunFailed = failed.Contains(m.Version) }).ToList();
    }

    /// <summary>The manifests of every version, oldest first.</summary>
    public async Task<IReadOnlyList<ModelManifest>> ListManifestsAsync(string pipeline, CancellationToken ct = default)
    {
        var versions = await ListVersionsAsync(pipeline, ct).ConfigureAwait(false);
        var manifests = new ModelManifest?[versions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, versions.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => manifests[i] = await GetManifestAsync(pipeline, versions[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return manifests.OfType<ModelManifest>().ToList();
    }

    /// <summary>The audit log, newest first: every promotion, rollback, approval and rejection with who and why.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadHistoryAsync(string pipeline, CancellationToken ct = default)
    {
        var audit = await ReadAuditAsync(pipeline, ct).ConfigureAwait(false);
        return audit.Reverse().ToList();
    }

    /// <summary>The version <paramref name="alias"/> pointed at, at time <paramref name="at"/>, from the audit log; null if none.</summary>
    public async Task<int?> AliasAtAsync(string pipeline, string alias, DateTimeOffset at, CancellationToken ct = default)
    {
        RequireNames(pipeline, alias);
        return AliasTimeline.VersionAt(await ReadAuditAsync(pipeline, ct).ConfigureAwait(false), alias, at);
    }

    /// <summary>Whether a run's own promotion ever moved <paramref name="alias"/> (an audit line of that run's promote).</summary>
    public async Task<bool> RunMovedAliasAsync(string pipeline, string alias, string runId, CancellationToken ct = default)
    {
        RequireNames(pipeline, alias);
        return (await ReadAuditAsync(pipeline, ct).ConfigureAwait(false))
            .Any(e => e.Alias == alias && e.Action == AuditActions.Promote && e.RunId == runId && e.Version is not null);
    }

    /// <summary>A file written next to a version's model (e.g. its model card), or null when it is not there.</summary>
    public async Task<BinaryData?> ReadVersionFileAsync(string pipeline, int version, string fileName, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        if (Storage.BlobNames.Problem(fileName) is not null || fileName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' is not a file in a version folder", nameof(fileName));
        }

        return (await Models.GetBlobClient($"{VersionFolder(pipeline, version)}/{fileName}").DownloadOrNullAsync(ct).ConfigureAwait(false))?.Content;
    }

    /// <summary>Writes a file next to a version's model (e.g. its model card) once; false if it was already there.</summary>
    public async Task<bool> WriteVersionFileAsync(string pipeline, int version, string fileName, BinaryData content, string contentType, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        if (fileName is "model.zip" or "manifest.json" || Storage.BlobNames.Problem(fileName) is not null || fileName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{fileName}' cannot be written into a version folder", nameof(fileName));
        }

        try
        {
            await Models.GetBlobClient($"{VersionFolder(pipeline, version)}/{fileName}").UploadAsync(content, CreateOnly(contentType), ct).ConfigureAwait(false);
            return true;
        }
        catch (Azure.RequestFailedException ex) when (IsAlreadyExists(ex))
        {
            return false;
        }
    }

    /// <summary>The versions marked <see cref="RunFailedFile"/>, from one listing of the versions folder.</summary>
    private async Task<HashSet<int>> VersionsWithFailedRunsAsync(string pipeline, CancellationToken ct)
    {
        var prefix = $"{pipeline}/versions/";
        var failed = new HashSet<int>();
        await foreach (var blob in Models.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct).ConfigureAwait(false))
        {
            var rest = blob.Name[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && rest[(slash + 1)..] == RunFailedFile
                && int.TryParse(rest[..slash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                failed.Add(version);
            }
        }

        return failed;
    }

    private static VersionSummary Summarize(ModelManifest m, IReadOnlyList<string> aliases, bool everMoved)
    {
        var metric = m.Spec.Promotion.PrimaryMetric;
        return new VersionSummary(m.Version, m.CreatedAt, m.Trainer, metric, m.Metrics.TryGetValue(metric, out var value) ? value : null,
            m.Dataset.Sha256, m.Dataset.Rows, m.Dataset.SourceBlob, m.RunId, m.ModelSha256, aliases, m.ComparedWithVersion, everMoved);
    }
}
