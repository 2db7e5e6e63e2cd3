using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Run ids are deterministic: the same dataset content with the same spec, the same Cd4ml version (and commit)
/// always maps to the same id, which is what makes duplicate triggers harmless. A new Cd4ml version is new
/// code, so it earns a new run.
/// </summary>
public static class RunIds
{
    public static string For(string pipeline, string datasetSha256, string specHash, string codeVersion, string? commit = null)
    {
        // The code version is folded into the spec part, keeping ids short and their shape unchanged.
        var settings = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{specHash}|{codeVersion}")));
        var id = $"{pipeline}-{datasetSha256[..12]}-{settings[..8]}";
        return commit is { Length: >= 7 } ? $"{id}-{commit[..7].ToLowerInvariant()}" : id;
    }

    /// <summary>
    /// The id of a run started for one version of a dropped blob (its name and ETag), known before its content is read,
    /// so a trigger answers at once for any dataset size. Same shape as <see cref="For"/>: the blob version stands where
    /// the content hash stands there. The content is hashed in the run, which then claims <see cref="For"/>'s id for
    /// it; a second blob version with the same bytes ends there as "already ran".
    /// </summary>
    public static string ForDrop(string pipeline, string datasetBlob, string etag, string specHash, string codeVersion, string? commit = null)
    {
        var drop = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{datasetBlob}|{etag}")));
        return For(pipeline, drop, specHash, codeVersion, commit);
    }

    /// <summary>A repeat of a finished run that was forced: the same id with <c>-r{n}</c>.</summary>
    public static string Repeat(string runId, int attempt) => $"{runId}-r{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The pipeline a run id belongs to (everything before the hash parts).</summary>
    public static string? PipelineOf(string runId)
    {
        var parts = runId.Split('-');
        for (var keep = parts.Length - 2; keep >= 1; keep--)
        {
            // The dataset part is 12 hex characters and the spec part 8; the commit part is optional.
            if (parts[keep].Length == 12 && keep + 1 < parts.Length && parts[keep + 1].Length == 8)
            {
                var pipeline = string.Join('-', parts[..keep]);
                return PipelineNames.IsValid(pipeline) ? pipeline : null;
            }
        }

        return null;
    }
}
