using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Orchestration;

/// <summary>
/// Run ids are deterministic: the same dataset content with the same spec (and commit) always maps to the
/// same id, which is what makes duplicate triggers harmless.
/// </summary>
public static class RunIds
{
    public static string For(string pipeline, string datasetSha256, string specHash, string? commit = null)
    {
        var id = $"{pipeline}-{datasetSha256[..12]}-{specHash[..8]}";
        return commit is { Length: >= 7 } ? $"{id}-{commit[..7].ToLowerInvariant()}" : id;
    }

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
