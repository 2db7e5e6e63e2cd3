using System.Text.RegularExpressions;
using Cd4ml.Core.Specs;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>The repository path of each pipeline's spec, from a pattern such as <c>pipelines/{pipeline}.json</c>.</summary>
public sealed class SpecPaths
{
    public const string Placeholder = "{pipeline}";

    private readonly Regex _regex;
    private readonly string _pattern;

    public SpecPaths(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        _pattern = pattern.Trim().TrimStart('/');
        var parts = _pattern.Split(Placeholder);
        _regex = new Regex($"^{string.Join("(?<pipeline>[a-z0-9-]{1,63})", parts.Select(Regex.Escape))}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>The pipeline whose spec lives at <paramref name="path"/>, or null when it is not a spec path.</summary>
    public string? PipelineOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var match = _regex.Match(path.TrimStart('/'));
        return match.Success && PipelineNames.IsValid(match.Groups["pipeline"].Value) ? match.Groups["pipeline"].Value : null;
    }

    public string PathOf(string pipeline) => _pattern.Replace(Placeholder, pipeline, StringComparison.Ordinal);
}
