using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Scoring;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>The champion as a scorer sees it: the version the alias named when it was read, and its model's hash.</summary>
public sealed record ChampionPin(int Version, string Sha256);

/// <summary>Thrown when a pipeline has no champion to score with.</summary>
public sealed class NoChampionException(string pipeline) : Exception($"pipeline {pipeline} has no champion yet");

/// <summary>
/// Loaded model versions, per process: a version is loaded once (its bytes verified against the manifest's SHA-256
/// and the size cap before ML.NET sees them) and kept for the next request or chunk, up to
/// <see cref="ScoringOptions.CachedModels"/>. A version never changes, so the cache is keyed by (pipeline, version)
/// and the alias is read on every use: when it moves, the next request loads the new version.
/// </summary>
public sealed class ScoringModels(ModelRegistry registry, ProfileStore profiles, IOptions<ResourceLimits> limits, IOptions<ScoringOptions> options)
{
    private readonly Dictionary<string, Task<ScoringModel>> _loaded = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recent = new();
    private readonly Lock _gate = new();

    /// <summary>The version the champion alias names now, or null when there is none.</summary>
    public async Task<ChampionPin?> ResolveChampionAsync(string pipeline, CancellationToken ct = default)
    {
        var (alias, _) = await registry.GetAliasAsync(pipeline, ModelRegistry.Champion, ct).ConfigureAwait(false);
        if (alias is null)
        {
            return null;
        }

        var manifest = await registry.GetManifestAsync(pipeline, alias.Version, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"champion v{alias.Version} of {pipeline} has no manifest");
        return new ChampionPin(manifest.Version, manifest.ModelSha256);
    }

    /// <summary>The champion's model; throws <see cref="NoChampionException"/> when there is none.</summary>
    public async Task<ScoringModel> GetChampionAsync(string pipeline, CancellationToken ct = default)
    {
        var pin = await ResolveChampionAsync(pipeline, ct).ConfigureAwait(false) ?? throw new NoChampionException(pipeline);
        return await GetAsync(pipeline, pin, ct).ConfigureAwait(false);
    }

    /// <summary>A version's model, which must be the one with the pinned hash (a chunk scores with what its file was planned with).</summary>
    public async Task<ScoringModel> GetAsync(string pipeline, ChampionPin pin, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var key = $"{pipeline}/{pin.Version}";
        Task<ScoringModel> load;
        lock (_gate)
        {
            if (!_loaded.TryGetValue(key, out load!))
            {
                load = LoadAsync(pipeline, pin.Version, CancellationToken.None);
                _loaded[key] = load;
                while (_loaded.Count > options.Value.CachedModels && _recent.Last is { } oldest)
                {
                    _loaded.Remove(oldest.Value);
                    _recent.RemoveLast();
                }
            }

            _recent.Remove(key);
            _recent.AddFirst(key);
        }

        ScoringModel model;
        try
        {
            model = await load.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed load (storage down, tampered bytes) is not kept: the next use tries again.
            lock (_gate)
            {
                if (_loaded.TryGetValue(key, out var current) && current == load)
                {
                    _loaded.Remove(key);
                    _recent.Remove(key);
                }
            }

            throw;
        }

        return string.Equals(model.Sha256, pin.Sha256, StringComparison.OrdinalIgnoreCase)
            ? model
            : throw new InvalidDataException($"v{pin.Version} of {pipeline} has SHA-256 {model.Sha256}, not the {pin.Sha256} it was pinned with");
    }

    private async Task<ScoringModel> LoadAsync(string pipeline, int version, CancellationToken ct)
    {
        var manifest = await registry.GetManifestAsync(pipeline, version, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"v{version} of {pipeline} has no manifest");
        var zip = await registry.DownloadVerifiedModelAsync(manifest, limits.Value.MaxModelBytes, ct).ConfigureAwait(false);
        var profile = await profiles.GetAsync(pipeline, manifest.Dataset.Sha256, ct).ConfigureAwait(false);
        var labelValues = profile is null ? [] : ProfileLabels.ValuesOf(profile, manifest.Spec.Label);
        return ScoringModel.Load(zip, manifest, labelValues);
    }
}
