namespace Cd4ml.Pipeline.Webhooks;

/// <summary>A git push as the webhook handlers need it, whichever service sent it.</summary>
/// <param name="Provider"><c>github</c> or <c>azure-devops</c>.</param>
/// <param name="DeliveryId">The sender's id of this delivery; a redelivery carries the same one.</param>
/// <param name="Repository"><c>owner/name</c> (GitHub) or <c>project/name</c> (Azure DevOps).</param>
/// <param name="Ref">The pushed ref, e.g. <c>refs/heads/main</c>.</param>
/// <param name="Commit">The commit the ref points to after the push.</param>
/// <param name="CommitTime">When the head commit was made, the start of the lead time; null when the payload has none.</param>
/// <param name="ChangedPaths">Paths added, modified or removed; null when the payload does not list them (Azure DevOps).</param>
/// <param name="Before">The commit the ref pointed to before the push (all zeros for a new branch); null when not sent.</param>
/// <param name="Commits">The commits the push added, as the payload lists them (GitHub: at most 20); empty when not sent.</param>
public sealed record PushEvent(
    string Provider,
    string DeliveryId,
    string Repository,
    string Ref,
    string Commit,
    DateTimeOffset? CommitTime,
    IReadOnlyList<string>? ChangedPaths,
    string? Before = null,
    IReadOnlyList<string>? Commits = null)
{
    public const string GitHub = "github";
    public const string AzureDevOps = "azure-devops";

    private const string BranchPrefix = "refs/heads/";

    /// <summary>The branch name, or null when the ref is a tag or something else.</summary>
    public string? Branch => Ref.StartsWith(BranchPrefix, StringComparison.Ordinal) ? Ref[BranchPrefix.Length..] : null;

    /// <summary>A push that deletes the ref points it at the all-zero commit.</summary>
    public bool DeletesRef => Commit.All(c => c == '0');
}
