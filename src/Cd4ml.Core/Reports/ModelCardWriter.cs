using System.Text;
using Cd4ml.Core.Registry;

namespace Cd4ml.Core.Reports;

/// <summary>
/// Builds a version's model card from the registry and writes <c>card.md</c> and <c>card.html</c> into its folder,
/// each once (<c>If-None-Match: *</c>): a retried publish finds them written and leaves them as they are.
/// </summary>
public sealed class ModelCardWriter(ModelRegistry registry)
{
    /// <summary>Gathers what the card shows: the manifest, the champion it was compared with, and the metric history up to it.</summary>
    public async Task<ModelCard> BuildAsync(ModelManifest manifest, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var previous = manifest.ComparedWithVersion is { } v ? await registry.GetManifestAsync(manifest.Pipeline, v, ct).ConfigureAwait(false) : null;
        var metric = manifest.Spec.Promotion.PrimaryMetric;
        // Only versions up to this one: the card describes the version as it was published, whatever came later.
        var history = (await registry.ListManifestsAsync(manifest.Pipeline, ct).ConfigureAwait(false))
            .Where(m => m.Version < manifest.Version)
            .Append(manifest)
            .Select(m => new MetricPoint(m.Version, m.Metrics.TryGetValue(metric, out var value) ? value : null))
            .ToList();
        return new ModelCard(manifest, previous, history);
    }

    /// <summary>Writes both files; returns how many were new (0 when a retry finds them already written).</summary>
    public async Task<int> WriteAsync(ModelManifest manifest, CancellationToken ct = default)
    {
        var card = await BuildAsync(manifest, ct).ConfigureAwait(false);
        var written = 0;
        if (await registry.WriteVersionFileAsync(manifest.Pipeline, manifest.Version, ModelCard.MarkdownFile,
                BinaryData.FromBytes(Encoding.UTF8.GetBytes(ModelCardMarkdown.Render(card))), "text/markdown; charset=utf-8", ct).ConfigureAwait(false))
        {
            written++;
        }

        if (await registry.WriteVersionFileAsync(manifest.Pipeline, manifest.Version, ModelCard.HtmlFile,
                BinaryData.FromBytes(Encoding.UTF8.GetBytes(ModelCardHtml.Render(card))), "text/html; charset=utf-8", ct).ConfigureAwait(false))
        {
            written++;
        }

        return written;
    }
}
