using Cd4ml.Pipeline.Webhooks;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>RELIABILITY 16 (filters): which pipelines a push affects, from the branch and the changed paths.</summary>
public sealed class PushRoutingTests
{
    private static readonly WebhookOptions s_options = new()
    {
        Pipelines = new(StringComparer.Ordinal)
        {
            ["credit-risk"] = new() { Paths = ["models/credit/**", "features/*.py"] },
            ["churn"] = new() { Paths = ["models/churn/**"], Branches = ["release/*"] },
        },
    };

    [Fact]
    public void Item16_a_push_to_main_touching_a_configured_path_affects_that_pipeline_only()
    {
        var route = Route("refs/heads/main", "models/credit/train.py", "README.md");

        var affected = Assert.Single(route.Pipelines);
        Assert.Equal("credit-risk", affected.Pipeline);
        Assert.Contains("models/credit/train.py", affected.Reason, StringComparison.Ordinal);
        Assert.False(affected.SpecChanged);
    }

    [Fact]
    public void Item16_a_push_to_another_branch_is_ignored_with_the_reason()
    {
        var route = Route("refs/heads/feature/x", "models/credit/train.py");

        Assert.Empty(route.Pipelines);
        Assert.Contains("branch 'feature/x' is not watched", route.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Item16_a_push_that_touches_no_configured_path_is_ignored_with_the_reason()
    {
        var route = Route("refs/heads/main", "docs/index.md", "features/deep/x.py");

        Assert.Empty(route.Pipelines);
        Assert.Contains("no changed path matches", route.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipeline_with_its_own_branches_follows_them()
    {
        Assert.Equal("churn", Assert.Single(Route("refs/heads/release/2.1", "models/churn/a.py").Pipelines).Pipeline);
        Assert.Empty(Route("refs/heads/main", "models/churn/a.py").Pipelines);
    }

    [Fact]
    public void A_changed_spec_file_affects_its_pipeline_even_without_configured_paths()
    {
        var route = Route("refs/heads/main", "pipelines/fraud.json");

        var affected = Assert.Single(route.Pipelines);
        Assert.Equal("fraud", affected.Pipeline);
        Assert.True(affected.SpecChanged);
    }

    [Theory]
    [InlineData("refs/tags/v1", "is not a branch")]
    public void Tags_are_ignored(string reference, string reason) =>
        Assert.Contains(reason, Route(reference, "models/credit/a.py").IgnoredBecause, StringComparison.Ordinal);

    [Fact]
    public void A_push_deleting_the_branch_is_ignored()
    {
        var push = new PushEvent(PushEvent.GitHub, "d", "o/r", "refs/heads/main", new string('0', 40), null, ["models/credit/a.py"]);

        Assert.Contains("deletes branch", new PushRouting(Options.Create(s_options)).Route(push).IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_list_of_changed_paths_every_pipeline_on_the_branch_is_affected()
    {
        var push = new PushEvent(PushEvent.AzureDevOps, "d", "p/r", "refs/heads/main", "abc1234", null, ChangedPaths: null);

        Assert.Equal("credit-risk", Assert.Single(new PushRouting(Options.Create(s_options)).Route(push).Pipelines).Pipeline);
    }

    [Theory]
    [InlineData("models/credit/**", "models/credit/a/b/c.py", true)]
    [InlineData("models/credit/**", "models/creditx/a.py", false)]
    [InlineData("**/*.json", "a/b/c.json", true)]
    [InlineData("**/*.json", "c.json", true)]
    [InlineData("features/*.py", "features/a.py", true)]
    [InlineData("features/*.py", "features/a/b.py", false)]
    [InlineData("/data/a.csv", "data/a.csv", true)]
    [InlineData("data/a+b.csv", "data/aab.csv", false)]
    public void Path_globs_match_like_ci_filters(string glob, string path, bool matches)
    {
        var options = new WebhookOptions { Pipelines = new(StringComparer.Ordinal) { ["p"] = new() { Paths = [glob] } } };
        var route = new PushRouting(Options.Create(options)).Route(new PushEvent(PushEvent.GitHub, "d", "o/r", "refs/heads/main", "0123456789abcdef", null, [path]));

        Assert.Equal(matches, route.Pipelines.Any(a => a.Pipeline == "p"));
    }

    private static PushRoute Route(string reference, params string[] paths) =>
        new PushRouting(Options.Create(s_options)).Route(new PushEvent(PushEvent.GitHub, "d", "o/r", reference, "0123456789abcdef", null, paths));
}
