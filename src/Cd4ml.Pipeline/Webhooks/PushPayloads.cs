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
        if (root.TryGetProperty("commits", out var commits) && commits.ValueKind == JsonValueKind.Array)
        {
            // GitHub lists at most 20 commits per push payload; larger pushes are documented as a limit.
            foreach (var commit in commits.EnumerateArray())
            {
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
            String(root, "after", "$"),
            committedAt,
            [.. paths]);
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
            String(update, "newObjectId", "$.resource.refUpdates[0]"),
            committedAt,
            // The git.push payload lists commits but not their files, so path filters cannot apply.
            null);
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
