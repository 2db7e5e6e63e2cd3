using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Triggers;
using Cd4ml.Testing;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>Issue 13, item 5: a stored spec is replaced only by a newer commit of the same branch, with a conditional write.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SpecCommitTests(AzuriteFixture storage)
{
    private static readonly DateTimeOffset s_ten = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_a_newer_commit_of_the_same_branch_replaces_a_spec_stored_from_a_push()
    {
        var pipeline = Samples.UniquePipelineName("spec");
        var store = new PipelineSpecStore(storage.Client);
        var (c1, c2, c3, c4) = (Commit(), Commit(), Commit(), Commit());

        var first = await store.PutFromCommitAsync(Spec(pipeline, 1), "test", new SpecCommit("o/r", "main", c2, s_ten, Before: c1));
        var older = await store.PutFromCommitAsync(Spec(pipeline, 2), "test", new SpecCommit("o/r", "main", c1, s_ten.AddHours(-1)));
        var sameTime = await store.PutFromCommitAsync(Spec(pipeline, 3), "test", new SpecCommit("o/r", "main", c3, s_ten));
        var otherBranch = await store.PutFromCommitAsync(Spec(pipeline, 4), "test", new SpecCommit("o/r", "feature", c3, s_ten.AddHours(5)));
        var otherRepository = await store.PutFromCommitAsync(Spec(pipeline, 5), "test", new SpecCommit("fork/r", "main", c3, s_ten.AddHours(5)));
        var again = await store.PutFromCommitAsync(Spec(pipeline, 1), "test", new SpecCommit("o/r", "main", c2, s_ten));
        Assert.Equal(Spec(pipeline, 1), await StoredAsync(pipeline));

        // The next push names c2 as its parent: newer, whatever its clock says.
        var child = await store.PutFromCommitAsync(Spec(pipeline, 6), "test", new SpecCommit("o/r", "main", c4, s_ten.AddHours(-3), Before: c2));

        Assert.True(first.Written);
        Assert.Contains("an older commit does not replace a newer spec", older.RefusedBecause, StringComparison.Ordinal);
        Assert.NotNull(sameTime.RefusedBecause);
        Assert.Contains("a push to o/r branch feature does not replace it", otherBranch.RefusedBecause, StringComparison.Ordinal);
        Assert.Contains("a push to fork/r branch main does not replace it", otherRepository.RefusedBecause, StringComparison.Ordinal);
        Assert.Equal((false, (string?)null), (again.Written, again.RefusedBecause));
        Assert.True(child.Written);
        Assert.Equal(Spec(pipeline, 6), await StoredAsync(pipeline));
    }

    [Fact]
    public async Task A_commit_listed_in_the_push_is_an_ancestor_and_a_spec_pushed_by_hand_is_replaced_by_any_push()
    {
        var pipeline = Samples.UniquePipelineName("spec");
        var store = new PipelineSpecStore(storage.Client);
        var (c1, c2, c3) = (Commit(), Commit(), Commit());
        await store.PutAsync(Spec(pipeline, 1), "by hand");

        var overHand = await store.PutFromCommitAsync(Spec(pipeline, 2), "test", new SpecCommit("o/r", "main", c1, null));
        var untimed = await store.PutFromCommitAsync(Spec(pipeline, 3), "test", new SpecCommit("o/r", "main", c2, null));
        var listed = await store.PutFromCommitAsync(Spec(pipeline, 4), "test", new SpecCommit("o/r", "main", c3, null, Before: Commit(), Pushed: [c1, c2, c3]));

        Assert.True(overHand.Written);
        Assert.Contains("no timestamp to compare", untimed.RefusedBecause, StringComparison.Ordinal);
        Assert.True(listed.Written);
        Assert.Equal(Spec(pipeline, 4), await StoredAsync(pipeline));
    }

    [Fact]
    public async Task Two_pushes_at_once_cannot_both_replace_the_spec_the_older_one_loses()
    {
        var pipeline = Samples.UniquePipelineName("spec");
        var store = new PipelineSpecStore(storage.Client);
        await store.PutFromCommitAsync(Spec(pipeline, 0), "test", new SpecCommit("o/r", "main", Commit(), s_ten));
        var pushes = Enumerable.Range(1, 6).Select(i => (Seed: i, Commit: new SpecCommit("o/r", "main", Commit(), s_ten.AddMinutes(i)))).ToList();

        var results = await Task.WhenAll(pushes.Select(p => store.PutFromCommitAsync(Spec(pipeline, p.Seed), "test", p.Commit)));

        Assert.Equal(Spec(pipeline, 6), await StoredAsync(pipeline));
        Assert.True(results[^1].Written);
    }

    private async Task<string> StoredAsync(string pipeline) =>
        (await storage.Client.GetBlobContainerClient(Containers.Pipelines).GetBlobClient(PipelineSpecStore.SpecBlob(pipeline)).DownloadContentAsync()).Value.Content.ToString();

    private static string Spec(string pipeline, int seed) =>
        FastPipelines.SpecJson(pipeline).Replace("\"seed\":42", $"\"seed\":{seed}", StringComparison.Ordinal);

    private static string Commit() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "89abcdef";
}
