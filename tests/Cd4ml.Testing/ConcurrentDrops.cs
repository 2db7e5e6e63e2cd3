using Azure.Storage.Blobs;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Testing;

/// <summary>
/// Many different datasets dropped into one pipeline at once (a backfill), run to the end on whichever Durable backend
/// the caller's host uses, and what the registry holds afterwards. <see cref="Problems"/> lists every way the result
/// breaks the promise that each published version was decided against the champion it replaced.
/// </summary>
public sealed record ConcurrentDrops(
    IReadOnlyList<RunRecord> Records, IReadOnlyList<ModelManifest> Versions, IReadOnlyList<AuditEntry> Moves, AliasRecord? Champion)
{
    public static async Task<ConcurrentDrops> RunAsync(
        BlobServiceClient storage, DurableTaskClient client, IServiceProvider services, PipelineSpec spec, int drops, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pipeline = spec.Name;
        var datasets = storage.GetBlobContainerClient(Containers.Datasets);
        for (var i = 0; i < drops; i++)
        {
            await datasets.GetBlobClient($"{pipeline}/drop-{i:00}.csv").UploadAsync(FastPipelines.Dataset(rows: 200, skip: i * 200), overwrite: true).ConfigureAwait(false);
        }

        var starter = (RunStarter)services.GetService(typeof(RunStarter))!;
        var starts = await Task.WhenAll(Enumerable.Range(0, drops).Select(i =>
            starter.StartAsync(client, spec, $"{pipeline}/drop-{i:00}.csv", new RunTrigger("blob", $"datasets/{pipeline}/drop-{i:00}.csv")))).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(limit);
        var records = new List<RunRecord>();
        foreach (var start in starts)
        {
            var done = await client.WaitForInstanceCompletionAsync(start.RunId, getInputsAndOutputs: true, timeout.Token).ConfigureAwait(false);
            records.Add(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? done.ReadOutputAs<RunRecord>()!
                : throw new InvalidOperationException($"{start.RunId} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}"));
        }

        var registry = (ModelRegistry)services.GetService(typeof(ModelRegistry))!;
        var versions = await registry.ListManifestsAsync(pipeline).ConfigureAwait(false);
        var moves = (await registry.ReadAuditAsync(pipeline).ConfigureAwait(false)).Where(e => AuditActions.MovesAlias(e.Action)).ToList();
        var (alias, _) = await registry.GetAliasAsync(pipeline, ModelRegistry.Champion).ConfigureAwait(false);
        return new ConcurrentDrops(records, versions, moves, alias);
    }

    /// <summary>Every broken promise, in words; empty when the registry is exactly what real comparisons justify.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        problems.AddRange(Records.Where(r => r.Outcome is not (RunOutcome.Promoted or RunOutcome.ChampionKept)).Select(r => $"{r.RunId}: {r.Outcome} {r.Message}"));
        // Only promotions publish: a run that kept the champion leaves no version behind.
        problems.AddRange(Records.Where(r => r.Outcome == RunOutcome.ChampionKept && r.PublishedVersion is not null)
            .Select(r => $"{r.RunId} kept the champion but published v{r.PublishedVersion}"));
        var promoted = Records.Count(r => r.Outcome == RunOutcome.Promoted);
        if (promoted == 0 || promoted != Versions.Count)
        {
            problems.Add($"{promoted} runs promoted but the registry holds {Versions.Count} versions");
        }

        // One audit line per move, in generation order; each version compared with exactly the champion it replaced.
        if (!Moves.Select(m => m.Generation).SequenceEqual(Enumerable.Range(1, Versions.Count).Select(g => (long?)g)))
        {
            problems.Add($"alias generations in the audit are {string.Join(",", Moves.Select(m => m.Generation))}, not 1..{Versions.Count}");
        }

        foreach (var move in Moves)
        {
            var manifest = Versions.SingleOrDefault(v => v.Version == move.Version);
            if (manifest is null || manifest.ComparedWithVersion != move.Previous || !manifest.Decision.Promote)
            {
                problems.Add($"v{move.Version} replaced v{move.Previous?.ToString() ?? "none"} but was compared with v{manifest?.ComparedWithVersion?.ToString() ?? "none"}");
            }
        }

        if (Moves.Count > 0 && Champion?.Version != Moves[^1].Version)
        {
            problems.Add($"the champion is v{Champion?.Version} but the last move was to v{Moves[^1].Version}");
        }

        return problems;
    }
}
