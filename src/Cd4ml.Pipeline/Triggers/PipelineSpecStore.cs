using System.Globalization;
using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Storage;

namespace Cd4ml.Pipeline.Triggers;

/// <summary>The pipeline specs the triggers run: <c>pipelines/{pipeline}.json</c>.</summary>
public sealed class PipelineSpecStore(BlobServiceClient service)
{
    public static string SpecBlob(string pipeline) => $"{pipeline}.json";

    private BlobContainerClient Pipelines => service.GetBlobContainerClient(Containers.Pipelines);

    /// <summary>Whether a pipeline has a stored spec (valid or not).</summary>
    public async Task<bool> ExistsAsync(string pipeline, CancellationToken ct = default) =>
        PipelineNames.IsValid(pipeline) && (await Pipelines.GetBlobClient(SpecBlob(pipeline)).ExistsAsync(ct).ConfigureAwait(false)).Value;

    /// <summary>The stored spec, or null when no pipeline of that name exists. Throws <see cref="InvalidSpecException"/> for a broken one.</summary>
    public async Task<PipelineSpec?> GetAsync(string pipeline, CancellationToken ct = default)
    {
        if (!PipelineNames.IsValid(pipeline))
        {
            return null;
        }

        var content = await Pipelines.GetBlobClient(SpecBlob(pipeline)).DownloadOrNullAsync(ct).ConfigureAwait(false);
        return content is null ? null : PipelineSpecParser.Parse(content.Content.ToString(), $"{Containers.Pipelines}/{SpecBlob(pipeline)}");
    }

    /// <summary>Validates and stores a spec under its own name.</summary>
    public async Task<PipelineSpec> PutAsync(string json, string source, CancellationToken ct = default)
    {
        var spec = PipelineSpecParser.Parse(json, source);
        await Pipelines.GetBlobClient(SpecBlob(spec.Name)).UploadAsync(BinaryData.FromString(json), overwrite: true, ct).ConfigureAwait(false);
        return spec;
    }

    /// <summary>
    /// Stores a spec read from a pushed commit, unless the stored one comes from a newer commit: pushes can arrive late,
    /// out of order or again, and an older commit must never replace a newer spec. The commit is kept with the blob
    /// (metadata <c>repository</c>, <c>branch</c>, <c>commit</c>, <c>committedat</c>), and the write is conditional on
    /// the ETag that was judged, so two pushes at once cannot both win. See <see cref="SpecCommit.Replaces"/> for "newer".
    /// </summary>
    public async Task<SpecWrite> PutFromCommitAsync(string json, string source, SpecCommit commit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var spec = PipelineSpecParser.Parse(json, source);
        var blob = Pipelines.GetBlobClient(SpecBlob(spec.Name));
        for (var attempt = 0; ; attempt++)
        {
            BlobRequestConditions conditions;
            try
            {
                var properties = (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
                var stored = SpecCommit.FromMetadata(properties.Metadata);
                if (stored is not null && commit.Replaces(stored) is { } refused)
                {
                    return refused.Length == 0 ? SpecWrite.AlreadyStored : SpecWrite.Refuse(refused);
                }

                conditions = new BlobRequestConditions { IfMatch = properties.ETag };
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            }

            try
            {
                await blob.UploadAsync(BinaryData.FromString(json), new BlobUploadOptions { Conditions = conditions, Metadata = commit.ToMetadata() }, ct).ConfigureAwait(false);
                return SpecWrite.Stored;
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict && attempt < 9)
            {
                // Written by someone else since it was judged: judge again against what is there now.
            }
        }
    }

    /// <summary>Names of all stored pipelines.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default)
    {
        var names = new List<string>();
        await foreach (var blob in Pipelines.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, ct).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal) && PipelineNames.IsValid(blob.Name[..^5]))
            {
                names.Add(blob.Name[..^5]);
            }
        }

        return names;
    }
}

/// <summary>What became of a spec from a pushed commit: stored, already stored from that commit, or refused with the reason.</summary>
public sealed record SpecWrite(bool Written, string? RefusedBecause)
{
    public static SpecWrite Stored { get; } = new(true, null);

    public static SpecWrite AlreadyStored { get; } = new(false, null);

    public static SpecWrite Refuse(string reason) => new(false, reason);
}

/// <summary>The pushed commit a spec was read at.</summary>
/// <param name="Repository">Where it was pushed.</param>
/// <param name="Branch">The branch the push moved.</param>
/// <param name="Commit">The commit (40 hex characters).</param>
/// <param name="CommittedAt">The commit's timestamp, when the payload gave one.</param>
/// <param name="Before">The commit the branch pointed to before the push, when known.</param>
/// <param name="Pushed">The commits the push listed (their ids).</param>
public sealed record SpecCommit(string Repository, string Branch, string Commit, DateTimeOffset? CommittedAt, string? Before = null, IReadOnlyList<string>? Pushed = null)
{
    private const string RepositoryKey = "repository";
    private const string BranchKey = "branch";
    private const string CommitKey = "commit";
    private const string CommittedAtKey = "committedat";

    /// <summary>
    /// Null when this commit may replace a spec stored from <paramref name="stored"/>; an empty string when it is that
    /// very commit (nothing to do); otherwise why not. It may only when it is on the same repository and branch and is
    /// newer: the stored commit is this push's <see cref="Before"/> or one of its <see cref="Pushed"/> commits (so it is
    /// an ancestor; this is how a branch's pushes chain), or else this commit's timestamp is later than the stored one's.
    /// A push that cannot be placed (no timestamps) does not replace the spec.
    /// </summary>
    public string? Replaces(SpecCommit stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (string.Equals(stored.Commit, Commit, StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        var storedFrom = $"the stored spec comes from {stored.Repository} branch {stored.Branch} at {stored.Commit}";
        if (!string.Equals(stored.Repository, Repository, StringComparison.OrdinalIgnoreCase) || stored.Branch != Branch)
        {
            return $"{storedFrom}; a push to {Repository} branch {Branch} does not replace it (only a newer commit of the same branch does)";
        }

        if (string.Equals(Before, stored.Commit, StringComparison.OrdinalIgnoreCase) || (Pushed ?? []).Contains(stored.Commit, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return (CommittedAt, stored.CommittedAt) switch
        {
            ({ } mine, { } theirs) when mine > theirs => null,
            ({ } mine, { } theirs) => $"{storedFrom} ({theirs:O}), not older than {Commit} ({mine:O}); an older commit does not replace a newer spec",
            _ => $"{storedFrom}; {Commit} does not follow it in this push and has no timestamp to compare, so it does not replace it",
        };
    }

    /// <summary>The blob metadata that records the commit.</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RepositoryKey] = Uri.EscapeDataString(Repository),
            [BranchKey] = Uri.EscapeDataString(Branch),
            [CommitKey] = Commit,
        };
        if (CommittedAt is { } at)
        {
            metadata[CommittedAtKey] = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    /// <summary>The commit a stored spec came from; null for a spec stored by hand (<c>cd4ml pipelines push</c>), which any push replaces.</summary>
    public static SpecCommit? FromMetadata(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(RepositoryKey, out var repository) || !metadata.TryGetValue(BranchKey, out var branch) || !metadata.TryGetValue(CommitKey, out var commit))
        {
            return null;
        }

        DateTimeOffset? at = metadata.TryGetValue(CommittedAtKey, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : null;
        return new SpecCommit(Uri.UnescapeDataString(repository), Uri.UnescapeDataString(branch), commit, at);
    }
}
