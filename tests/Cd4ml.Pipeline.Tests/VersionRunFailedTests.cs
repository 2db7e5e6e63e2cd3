using Cd4ml.Core.Registry;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests;

/// <summary>A version whose run failed after writing it says so in the version list, found without reading run reports.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VersionRunFailedTests(AzuriteFixture storage)
{
    private readonly ModelRegistry _registry = new(storage.Client);

    [Fact]
    public async Task A_run_that_failed_after_publishing_marks_its_version_once_and_the_list_shows_it()
    {
        var pipeline = Samples.UniquePipelineName("rf");
        await RegistrySeed.PublishAsync(_registry, pipeline, "run-ok");
        var broken = await RegistrySeed.PublishAsync(_registry, pipeline, "run-broken");

        var marked = await _registry.MarkRunFailedAsync(pipeline, "run-broken", "PromoteWinner failed: audit append refused", RegistrySeed.At);
        var again = await _registry.MarkRunFailedAsync(pipeline, "run-broken", "a retry", RegistrySeed.At);

        Assert.Equal(broken.Version, marked);
        Assert.Equal(broken.Version, again);
        var summaries = await _registry.ListVersionSummariesAsync(pipeline);
        Assert.Equal([(1, false), (2, true)], summaries.Select(s => (s.Version, s.RunFailed)));
    }

    [Fact]
    public async Task A_run_that_failed_before_publishing_marks_nothing()
    {
        var pipeline = Samples.UniquePipelineName("rf");
        await RegistrySeed.PublishAsync(_registry, pipeline, "run-ok");

        Assert.Null(await _registry.MarkRunFailedAsync(pipeline, "run-failed-in-checks", "profile failed", RegistrySeed.At));
        Assert.DoesNotContain(await _registry.ListVersionSummariesAsync(pipeline), s => s.RunFailed);
    }
}
