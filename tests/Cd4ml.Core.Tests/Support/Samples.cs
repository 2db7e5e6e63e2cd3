using System.Text.Json.Nodes;

namespace Cd4ml.Core.Tests.Support;

/// <summary>The credit-risk sample shipped in samples/: the spec every spec test starts from, and its first batch.</summary>
internal static class Samples
{
    public static string SpecPath => RepoRoot.Combine("samples", "credit-risk", "credit-risk.json");

    public static string Batch1Path => RepoRoot.Combine("samples", "credit-risk", "credit-batch-1.csv");

    public static string SpecJson => File.ReadAllText(SpecPath);

    /// <summary>The sample spec with one change applied, serialised again (indented), for "this one setting is wrong" tests.</summary>
    public static string SpecWith(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(SpecJson)!.AsObject();
        change(root);
        return root.ToJsonString(new() { WriteIndented = true });
    }
}
