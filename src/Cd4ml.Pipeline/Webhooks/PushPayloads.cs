using System.Globalization;
using System.Text.Json;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>
/// Reads the push payloads of GitHub (<c>push</c> event) and Azure DevOps (<c>git.push</c> service hook). A payload
/// without the fields a push must have is an <see cref="InvalidDataException"/> naming the JSON path.
/// </summary>
public static class PushPayloads
{
    public static PushEvent ParseGitHub(ReadOnlyMemory<byte> body, string deliveryId)
    {
        using var document = JsonDocument.Parse(body);
        var root = Object(document.RootElement, "$");
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        var added = new List<string>();
        if (root.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array)
        {
            // GitHub lists at most 20 commits per push payload; larger pushes are documented as a limit.
            var index = 0;
            foreach (var commit in commits.EnumerateArray())
            {
                if (commit.ValueKind == JsonValueKind.Object && commit.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    added.Add(CommitIds.Require(id.GetString()!, $"$.commits[{index}].id"));
                }

                index++;
                foreach (var kind in (string[])["added", "modified", "removed"])
                {
                    if (commit.ValueKind == JsonValueKind.Object && commit.TryGetProperty(kind, out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        paths.UnionWith(list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!));
                    }
                }
            }
        }

        DateTimeOffset? committedAt = root.TryGetProperty("head_commit", out var head) && head.ValueKind == JsonValueKind.Object
            ? Time(head, "timestamp")
            : null;
        return new PushEvent(
            PushEvent.GitHub,
            deliveryId,
            String(Object(Property(root, "repository", "$"), "$.repository"), "full_name", "$.repository"),
            String(root, "ref", "$"),
            CommitIds.Require(String(root, "after", "$"), "$.after"),
            committedAt,
            [.. paths],
            root.TryGetProperty("before", out var before) && before.ValueKind == JsonValueKind.String ? CommitIds.Require(before.GetString()!, "$.before") : null,
            added);
    }

    public static PushEvent ParseAzureDevOps(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = Object(document.RootElement, "$");
        var resource = Object(Property(root, "resource", "$"), "$.resource");
        var updates = Property(resource, "refUpdates", "$.resource");
        if (updates.ValueKind != JsonValueKind.Array || updates.GetArrayLength() == 0)
        {
            throw new InvalidDataException("$.resource.refUpdates must list the updated ref");
        }

        var update = Object(updates[0], "$.resource.refUpdates[0]");
        var repository = Object(Property(resource, "repository", "$.resource"), "$.resource.repository");
        var project = repository.TryGetProperty("project", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var pn)
            ? pn.GetString()
            : null;
        var name = String(repository, "name", "$.resource.repository");
        DateTimeOffset? committedAt = resource.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array
            && commits.GetArrayLength() > 0 && commits[0].ValueKind == JsonValueKind.Object
            && commits[0].TryGetProperty("committer", out var committer) && committer.ValueKind == JsonValueKind.Object
            ? Time(committer, "date")
            : Time(resource, "date");
        return new PushEvent(
            PushEvent.AzureDevOps,
            String(root, "id", "$"),
            project is null ? name : $"{project}/{name}",
            String(update, "name", "$.resource.refUpdates[0]"),
            CommitIds.Require(String(update, "newObjectId", "$.resource.refUpdates[0]"), "$.resource.refUpdates[0].newObjectId"),
            committedAt,
            // The git.push payload lists commits but not their files, so path filters cannot apply.
            null,
            update.TryGetProperty("oldObjectId", out var old) && old.ValueKind == JsonValueKind.String ? CommitIds.Require(old.GetString()!, "$.resource.refUpdates[0].oldObjectId") : null,
            AzureDevOpsCommits(resource));
    }

    private static List<string> AzureDevOpsCommits(JsonElement resource)
    {
        var ids = new List<string>();
        if (resource.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var commit in commits.EnumerateArray())
            {
                if (commit.ValueKind == JsonValueKind.Object && commit.TryGetProperty("commitId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    ids.Add(CommitIds.Require(id.GetString()!, $"$.resource.commits[{index}].commitId"));
                }

                index++;
            }
        }

        return ids;
    }

    private static JsonElement Object(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new InvalidDataException($"{path} must be a JSON object");

    private static JsonElement Property(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"{path}.{name} is missing");

    private static string String(JsonElement element, string name, string path)
    {
        var value = Property(element, name, path);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{path}.{name} must be a non-empty string");
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
