using System.Collections.Concurrent;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Reports;

/// <summary>
/// The spec of a run, for its activities: read once per process from <c>runs/{pipeline}/{runId}/spec.json</c> and kept
/// (a run's spec never changes), so the dozen activities of a run share one read instead of each carrying the spec in
/// its input.
/// </summary>
public sealed class RunSpecs(RunArtifacts artifacts)
{
    private const int MaxRuns = 64;
    private readonly ConcurrentDictionary<string, PipelineSpec> _recent = new(StringComparer.Ordinal);

    /// <summary>The spec given inline (runs of versions before 3), else the one stored for the run.</summary>
    /// <exception cref="InvalidOperationException">Neither: the run's spec.json is missing.</exception>
    public async Task<PipelineSpec> ResolveAsync(PipelineSpec? inline, string pipeline, string? runId, CancellationToken ct = default)
    {
        if (inline is not null)
        {
            return inline;
        }

        ArgumentNullException.ThrowIfNull(runId);
        if (_recent.TryGetValue(runId, out var known))
        {
            return known;
        }

        var spec = await artifacts.ReadSpecAsync(pipeline, runId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run {runId} has no stored spec ({RunArtifacts.Spec(pipeline, runId)})");
        if (_recent.Count >= MaxRuns)
        {
            _recent.Clear();
        }

        _recent[runId] = spec;
        return spec;
    }
}
