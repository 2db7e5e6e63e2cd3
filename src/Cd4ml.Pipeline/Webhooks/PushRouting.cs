using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>A pipeline a push affects, and why.</summary>
/// <param name="Pipeline">The pipeline name.</param>
/// <param name="Reason">The path (or rule) that made it affected.</param>
/// <param name="SpecChanged">The push changed the pipeline's spec file, so the spec at the commit should be stored first.</param>
public sealed record AffectedPipeline(string Pipeline, string Reason, bool SpecChanged);

/// <summary>The pipelines a push affects; when there are none, why the push is ignored.</summary>
public sealed record PushRoute(IReadOnlyList<AffectedPipeline> Pipelines, string? IgnoredBecause);

/// <summary>
/// The branch and changed-path filters: which pipelines a push retrains. A pipeline is affected when the push is on
/// one of its branches and touches one of its <c>Paths</c> globs or its spec file (<see cref="WebhookOptions.SpecPath"/>).
/// </summary>
public sealed class PushRouting(IOptions<WebhookOptions> options)
{
    public PushRoute Route(PushEvent push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var settings = options.Value;
        if (push.Branch is not { } branch)
        {
            return new PushRoute([], $"'{push.Ref}' is not a branch");
        }

        if (push.DeletesRef)
        {
            return new PushRoute([], $"the push deletes branch '{branch}'");
        }

        var specPaths = new SpecPaths(settings.SpecPath);
        var affected = new Dictionary<string, AffectedPipeline>(StringComparer.Ordinal);

        // Spec files first: a changed spec affects its pipeline whether or not paths are configured for it.
        foreach (var path in push.ChangedPaths ?? [])
        {
            if (specPaths.PipelineOf(path) is { } pipeline && OnBranch(settings, pipeline, branch))
            {
                affected[pipeline] = new AffectedPipeline(pipeline, $"its spec {path} changed", SpecChanged: true);
            }
        }

        foreach (var (pipeline, own) in settings.Pipelines.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (affected.ContainsKey(pipeline) || !OnBranch(settings, pipeline, branch))
            {
                continue;
            }

            if (push.ChangedPaths is null)
            {
                affected[pipeline] = new AffectedPipeline(pipeline, $"push to {branch} (the payload does not list changed paths)", SpecChanged: false);
                continue;
            }

            var paths = Globs(own.Paths);
            if (push.ChangedPaths.FirstOrDefault(path => Matches(paths, path)) is { } touched)
            {
                affected[pipeline] = new AffectedPipeline(pipeline, $"{touched} changed", SpecChanged: false);
            }
        }

        if (affected.Count > 0)
        {
            return new PushRoute([.. affected.Values.OrderBy(a => a.Pipeline, StringComparer.Ordinal)], null);
        }

        var watched = settings.Pipelines.Keys.Any(p => OnBranch(settings, p, branch)) || OnBranch(settings, "", branch);
        return new PushRoute([], watched
            ? $"no changed path matches a pipeline's {WebhookOptions.Section}:Pipelines:*:Paths or spec file ({settings.SpecPath})"
            : $"branch '{branch}' is not watched ({WebhookOptions.Section}:Branches: {string.Join(", ", settings.EffectiveBranches(""))})");
    }

    private static bool OnBranch(WebhookOptions settings, string pipeline, string branch) =>
        Matches(Globs(settings.EffectiveBranches(pipeline)), branch);

    /// <summary>Path (or branch) patterns as CI filters write them: <c>**</c> spans folders, <c>*</c> stays in one name.</summary>
    private static Matcher Globs(IEnumerable<string> patterns)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            matcher.AddInclude(pattern.Trim().TrimStart('/'));
        }

        return matcher;
    }

    private static bool Matches(Matcher globs, string path) => globs.Match(path.TrimStart('/')).HasMatches;
}
