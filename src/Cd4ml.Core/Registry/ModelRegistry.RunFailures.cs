using System.Text.Json;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Registry;

// A version whose run failed after writing it: marked in its folder so the version list says so without reading reports.
public sealed partial class ModelRegistry
{
    /// <summary>The file in a version folder that says the run that wrote the version failed afterwards.</summary>
    public const string RunFailedFile = "run-failed.json";

    /// <summary>
    /// When a failed run had started publishing (its publish lock exists), finds the version it wrote, if any, and
    /// marks it with <see cref="RunFailedFile"/> (once). Returns the marked version, or null when the run wrote none.
    /// Runs that failed before publishing cost one request.
    /// </summary>
    public async Task<int?> MarkRunFailedAsync(string pipeline, string runId, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        RequirePipeline(pipeline);
        if (!await Models.GetBlobClient(PublishLockBlob(pipeline, runId)).ExistsAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var manifest = await FindByRunAsync(pipeline, runId, ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return null;
        }

        var note = JsonSerializer.SerializeToUtf8Bytes(new RunFailedNote(runId, reason, at), SpecJson.Options);
        await WriteVersionFileAsync(pipeline, manifest.Version, RunFailedFile, BinaryData.FromBytes(note), "application/json", ct).ConfigureAwait(false);
        return manifest.Version;
    }

    private sealed record RunFailedNote(string RunId, string Reason, DateTimeOffset At);
}
